"""Many accounts watched by one process: the fleet (scheduling) and its pure rules."""
