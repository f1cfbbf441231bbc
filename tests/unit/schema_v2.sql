CREATE TABLE schema_version (
	version INTEGER NOT NULL, 
	applied_at VARCHAR NOT NULL, 
	PRIMARY KEY (version)
);
CREATE TABLE folder_state (
	account VARCHAR NOT NULL, 
	folder VARCHAR NOT NULL, 
	uidvalidity INTEGER NOT NULL, 
	last_uid INTEGER NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	PRIMARY KEY (account, folder)
);
CREATE TABLE applications (
	id INTEGER NOT NULL, 
	company VARCHAR, 
	company_key VARCHAR, 
	role VARCHAR, 
	status VARCHAR NOT NULL, 
	status_message_id VARCHAR, 
	status_subject TEXT, 
	created_at VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_applications_company_key ON applications (company_key);
CREATE TABLE examples (
	message_id VARCHAR NOT NULL, 
	label VARCHAR NOT NULL, 
	subject TEXT, 
	body TEXT, 
	from_addr VARCHAR, 
	source VARCHAR NOT NULL, 
	updated_at VARCHAR NOT NULL, 
	PRIMARY KEY (message_id)
);
CREATE TABLE messages (
	id INTEGER NOT NULL, 
	account VARCHAR NOT NULL, 
	folder VARCHAR NOT NULL, 
	uidvalidity INTEGER NOT NULL, 
	uid INTEGER NOT NULL, 
	message_id VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	label VARCHAR, 
	confidence FLOAT, 
	p_rejection FLOAT, 
	error TEXT, 
	subject TEXT, 
	from_addr VARCHAR, 
	received_at VARCHAR, 
	processed_at VARCHAR NOT NULL, 
	application_id INTEGER, 
	facts_json TEXT, 
	body TEXT, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_messages_uid UNIQUE (account, folder, uidvalidity, uid), 
	FOREIGN KEY(application_id) REFERENCES applications (id)
);
CREATE INDEX ix_messages_message_id ON messages (message_id);
CREATE TABLE events (
	id INTEGER NOT NULL, 
	message_id VARCHAR NOT NULL, 
	application_id INTEGER NOT NULL, 
	label VARCHAR NOT NULL, 
	confidence FLOAT NOT NULL, 
	received_at VARCHAR NOT NULL, 
	subject TEXT, 
	from_addr VARCHAR, 
	contact_name VARCHAR, 
	contact_email VARCHAR, 
	references_json TEXT, 
	source VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (message_id), 
	FOREIGN KEY(application_id) REFERENCES applications (id)
);
CREATE INDEX ix_events_application_id ON events (application_id);
CREATE TABLE thread_ids (
	message_id VARCHAR NOT NULL, 
	application_id INTEGER NOT NULL, 
	PRIMARY KEY (message_id), 
	FOREIGN KEY(application_id) REFERENCES applications (id)
);
CREATE INDEX ix_thread_ids_application_id ON thread_ids (application_id);
CREATE TABLE followups (
	id INTEGER NOT NULL, 
	application_id INTEGER NOT NULL, 
	rejection_message_id VARCHAR NOT NULL, 
	rejected_at VARCHAR NOT NULL, 
	due_at VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	to_name VARCHAR, 
	to_addr VARCHAR, 
	subject TEXT, 
	in_reply_to VARCHAR NOT NULL, 
	references_json TEXT, 
	draft_message_id VARCHAR, 
	drafted_at VARCHAR, 
	reason TEXT, 
	created_at VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (application_id), 
	FOREIGN KEY(application_id) REFERENCES applications (id)
);
CREATE INDEX ix_followups_status_due ON followups (status, due_at);
