"""File names and codes shared by the client and the server."""

CLUSTER_PARAM_FILE = "param_choice.csv"
CLUSTER_METRIC_FILE = "metrics.csv"
JSON_SETTINGS_FILE = "settings.json"

#: exit code of a job that asks to be restarted (``exit_for_resume``)
RETURN_CODE_FOR_RESUME = 3

#: separator of nested parameter names in the CSV files (``fn_args.x``)
OBJECT_SEPARATOR = "."

RESERVED_PARAMS = ("_id", "_iteration", "job_restarts")
