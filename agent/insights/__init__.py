"""Insights: the report (``onward report``), the weekly digest draft and the reflection journal.

``stats`` (pure figures), ``text`` and ``html`` (how they are shown), ``digest`` (the weekly draft's
content, pure, and saving it), ``load`` (reading what they need from the store).
"""
