"""Client API of cluster_utils, used inside the job scripts.

:func:`initialize_job` reads the job's parameters from the command line and registers with the
server; :func:`finalize_job` saves and sends the results. The other functions report progress,
intermediate metrics, or ask to be restarted. Without server details on the command line (a job
started by hand), nothing is sent and the functions only read parameters and write files.
"""

import argparse
import ast
import atexit
import csv
import enum
import functools
import json
import os
import pathlib
import sys
import time
import warnings

from cluster_utils.base import constants, settings
from cluster_utils.base.communication import MessageTypes
from cluster_utils.base.utils import flatten_nested_string_dict

from . import server_communication as comm
from . import submission_state


class SettingsJsonEncoder(json.JSONEncoder):
    """Writes enum values by name in settings.json."""

    def default(self, obj):
        if isinstance(obj, enum.Enum):
            return obj.name
        return json.JSONEncoder.default(self, obj)


def _server_info(ip_and_port):
    """``host:port``, split at the last colon (argparse type)."""
    ip, port = ip_and_port.rsplit(":", maxsplit=1)
    if not port.isdigit():
        raise ValueError("Invalid port")
    return {"ip": ip, "port": int(port)}


def _init_job_script_argument_parser():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "parameter_file_or_dict",
        type=str,
        help="Path to a parameter file or, with --parameter-dict, a Python dict literal.",
    )
    parser.add_argument(
        "parameter_overwrites",
        nargs="*",
        type=str,
        default=[],
        metavar="<key>=<value>",
        help="Parameters to override, the value as a Python literal: 'fn_args.x=3' 'name=\"a\"'.",
    )
    parser.add_argument(
        "--parameter-dict",
        action="store_true",
        help="parameter_file_or_dict is a dict literal, not a file path.",
    )
    parser.add_argument("--job-id", type=int, metavar="<id>", help="The job's id (with --cluster-utils-server).")
    parser.add_argument(
        "--cluster-utils-server",
        type=_server_info,
        metavar="<host>:<port>",
        help="Where the cluster_utils server listens for this job's messages.",
    )
    return parser


def _save_settings_to_json(setting_dict, working_dir):
    filename = os.path.join(working_dir, constants.JSON_SETTINGS_FILE)
    with open(filename, "w", encoding="utf-8") as file:
        json.dump(setting_dict, file, sort_keys=True, indent=4, cls=SettingsJsonEncoder)


def _sanitize_numpy_torch(value):
    """Torch tensors and numpy arrays become Python floats; numpy scalars pass as they are (the server reads them)."""
    kind = (type(value).__module__, type(value).__name__)
    if kind == ("torch", "Tensor"):
        return value.item()
    if kind == ("numpy", "ndarray"):
        return float(value)
    return value


def _save_dict_as_one_line_csv(dct, filename):
    # csv.DictWriter's defaults: comma, minimal quoting, \r\n, values through str()
    with open(filename, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=dct.keys())
        writer.writeheader()
        writer.writerow(dct)


def _install_server_hooks():
    previous_hook = sys.excepthook

    def report_error_and_print(exctype, value, tb):
        # Unlike the original, the traceback still reaches stderr (the job's .err file).
        try:
            comm.report_error_at_server(exctype, value, tb)
        finally:
            previous_hook(exctype, value, tb)

    sys.excepthook = report_error_and_print
    atexit.register(comm.report_exit_at_server)


def read_params_from_cmdline(cmd_line=None, make_immutable=True, verbose=True, dynamic=True, save_params=True):
    """Deprecated alias of :func:`initialize_job`."""
    warnings.warn(
        "`read_params_from_cmdline` is deprecated!  Use `initialize_job` instead.",
        FutureWarning,
        stacklevel=2,
    )
    if not make_immutable:
        raise RuntimeError(
            "The option `make_immutable=False` is not supported anymore."
            " You can create a mutable copy of the parameters with `dict(params)`."
        )
    if not save_params:
        raise RuntimeError(
            "The option `save_params=False` is not supported anymore. Parameters will always be saved."
        )
    return initialize_job(cmd_line, verbose=verbose, dynamic=dynamic)


def initialize_job(cmd_line=None, verbose=True, dynamic=True):
    """Reads the job's parameters from the command line and registers with the server.

    Args:
        cmd_line: the command line, ``sys.argv`` by default (the first item is skipped).
        verbose: print the parameters.
        dynamic: evaluate ``{...}`` expressions in string values.

    Returns:
        The parameters, an immutable dict with attribute access.
    """
    if not cmd_line:
        cmd_line = sys.argv

    parser = _init_job_script_argument_parser()
    args = parser.parse_args(cmd_line[1:])

    if args.cluster_utils_server and args.job_id is None:
        parser.error("--job-id is required when --cluster-utils-server is set.")

    if args.cluster_utils_server:
        submission_state.communication_server_ip = args.cluster_utils_server["ip"]
        submission_state.communication_server_port = args.cluster_utils_server["port"]
        submission_state.job_id = args.job_id
        submission_state.connection_details_available = True

    def add_cmd_params(orig_dict):
        settings.add_cmd_line_params(orig_dict, args.parameter_overwrites)

    hooks = [add_cmd_params, settings.check_reserved_params]
    if args.parameter_dict:
        parameter_dict = ast.literal_eval(args.parameter_file_or_dict)
        if not isinstance(parameter_dict, dict):
            raise ValueError(
                "'parameter_file_or_dict' must be a dictionary (`--parameter-dict` is set)."
            )
        final_params = settings.loads_dict(parameter_dict, dynamic=dynamic, post_unpack_hooks=hooks)
    else:
        parameter_file = pathlib.Path(args.parameter_file_or_dict)
        if not parameter_file.is_file():
            raise FileNotFoundError(f"'{parameter_file}' does not exist or is not a file.")
        final_params = settings.load_file(os.fspath(parameter_file), dynamic=dynamic, post_unpack_hooks=hooks)

    if verbose:
        print(final_params)

    if submission_state.connection_details_available and not submission_state.connection_active:
        comm.register_at_server(final_params)
        _install_server_hooks()
        submission_state.connection_active = True

    submission_state.start_time = time.time()

    if "working_dir" in final_params:
        os.makedirs(final_params.working_dir, exist_ok=True)
        _save_settings_to_json(final_params, final_params.working_dir)

    return final_params


def save_metrics_params(metrics, params):
    """Deprecated alias of :func:`finalize_job`."""
    warnings.warn(
        "`save_metric_params` is deprecated!  Use `finalize_job` instead.",
        FutureWarning,
        stacklevel=2,
    )
    finalize_job(metrics, params)


def finalize_job(metrics, params):
    """Saves parameters and metrics in the working dir and sends the metrics to the server.

    Writes ``param_choice.csv`` (flattened parameters) and ``metrics.csv``, adds
    ``time_elapsed`` (seconds since :func:`initialize_job`) to ``metrics`` in place, and sends
    ``JOB_SENT_RESULTS``. Without it the server counts the job as failed.
    """
    param_file = os.path.join(params.working_dir, constants.CLUSTER_PARAM_FILE)
    _save_dict_as_one_line_csv(dict(flatten_nested_string_dict(params)), param_file)

    time_elapsed = time.time() - submission_state.start_time
    if "time_elapsed" not in metrics:
        metrics["time_elapsed"] = time_elapsed
    else:
        print("WARNING: 'time_elapsed' metric already taken. Automatic time saving failed.")

    for key, value in metrics.items():
        metrics[key] = _sanitize_numpy_torch(value)

    metric_file = os.path.join(params.working_dir, constants.CLUSTER_METRIC_FILE)
    _save_dict_as_one_line_csv(metrics, metric_file)
    if submission_state.connection_active:
        comm.send_results_to_server(metrics)


def announce_early_results(metrics):
    """Reports intermediate metrics (used by hp_optimization to stop bad jobs early)."""
    if not submission_state.connection_active:
        return
    sanitized = {key: _sanitize_numpy_torch(value) for key, value in metrics.items()}
    print("Sending early results to: ", comm._server())
    comm.send_message(MessageTypes.METRIC_EARLY_REPORT, (submission_state.job_id, sanitized))


def announce_fraction_finished(fraction_finished):
    """Reports progress, a number between 0 and 1 (used for the estimated end time)."""
    if not submission_state.connection_active:
        return
    print("Sending time estimate to: ", comm._server())
    comm.send_message(MessageTypes.JOB_PROGRESS_PERCENTAGE, (submission_state.job_id, fraction_finished))


def exit_for_resume():
    """Asks the server to restart this job and exits with code 3.

    Without server details this does nothing, and does not exit either (as in the original).
    """
    if not submission_state.connection_active:
        return
    atexit.unregister(comm.report_exit_at_server)  # a resumed job has not concluded
    comm.send_message(MessageTypes.EXIT_FOR_RESUME, (submission_state.job_id,))
    sys.exit(constants.RETURN_CODE_FOR_RESUME)


def cluster_main(main_func=None, **read_params_args):
    """Decorator: ``initialize_job()``, then ``main_func(**params)``, then ``finalize_job(result, params)``."""
    if main_func is None:
        return functools.partial(cluster_main, **read_params_args)

    @functools.wraps(main_func)
    def wrapper():
        params = initialize_job(**read_params_args)
        metrics = main_func(**params)
        finalize_job(metrics, params)
        return metrics

    return wrapper


__all__ = [
    "announce_early_results",
    "announce_fraction_finished",
    "cluster_main",
    "exit_for_resume",
    "finalize_job",
    "initialize_job",
    "save_metrics_params",
    "read_params_from_cmdline",
]
