"""Process-wide state of the client: where the server is and whether this job registered."""

communication_server_ip = None
communication_server_port = None
job_id = None
#: the command line named a server
connection_details_available = False
#: JOB_STARTED was sent and the exit and exception hooks are installed
connection_active = False
#: time.time() when initialize_job() finished reading the parameters
start_time = None
