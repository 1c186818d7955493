"""Loading a job's parameters: the subset of smart_settings that the client relies on.

Pipeline (the order matters, and is the original's):
1. raw load (a dict from the command line, or a .json/.yaml/.toml file);
2. ``__import__`` keys at any dict level pull in other files without overwriting local keys;
3. top-level ``name*`` keys holding a sequence lose their star;
4. dynamic values: each string is evaluated as an f-string against the parameters themselves
   (``"{fn_args.y / 3}"``), environment variables as ``{$USER}``; what cannot be evaluated
   stays as it is;
5. hooks: command-line ``key=value`` overrides, then the reserved-name check;
6. the result is an immutable dict with attribute access.
"""

import ast
import collections.abc
import copy
import datetime
import json
import os

from .constants import RESERVED_PARAMS

IMPORT_KEY = "__import__"


class SettingsError(Exception):
    """A parameter override or name that cannot be applied."""


# --- attribute dicts ---------------------------------------------------------------------------


class AttributeDict(dict):
    """A dict whose keys are also attributes: ``params.fn_args.x``."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(e) from None

    def __setattr__(self, key, value):
        self[key] = value

    def __delattr__(self, item):
        del self[item]

    def __deepcopy__(self, memo):
        return self.__class__(
            [(copy.deepcopy(k, memo), copy.deepcopy(v, memo)) for k, v in self.items()]
        )

    def __repr__(self):
        return json.dumps(self, indent=4, sort_keys=True, default=str)


class ImmutableAttributeDict(AttributeDict):
    """The parameters a job gets: read-only once loaded."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("Setting object not mutable after settings are fixed!")

    __setattr__ = _refuse
    __delattr__ = _refuse
    __setitem__ = _refuse
    __delitem__ = _refuse
    clear = _refuse
    pop = _refuse
    popitem = _refuse
    setdefault = _refuse
    update = _refuse

    def __reduce__(self):
        # dict unpickling calls __setitem__, which refuses; unpickle as a mutable copy instead
        return (AttributeDict, (recursive_objectify(self, make_immutable=False),))


def recursive_objectify(nested_dict, make_immutable=True):
    """A deep copy of ``nested_dict`` with every nested dict value turned into an attribute dict."""
    result = {}
    for k, v in nested_dict.items():
        if isinstance(v, collections.abc.Mapping):
            result[k] = recursive_objectify(v, make_immutable)
        else:
            result[k] = copy.deepcopy(v)
    return ImmutableAttributeDict(result) if make_immutable else AttributeDict(result)


# --- raw loading and imports -------------------------------------------------------------------


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    duplicates = [k for k, n in collections.Counter(keys).items() if n > 1]
    if duplicates:
        raise TypeError("Keys {} repeated in json parsing".format(duplicates))
    return dict(pairs)


def load_raw_dict_from_file(filename):
    """Reads a settings file by its extension; JSON keys must be unique."""
    if filename.endswith(".json"):
        with open(filename, "r", encoding="utf-8") as f:
            return json.load(f, object_pairs_hook=_no_duplicates)
    if filename.endswith(".yaml") or filename.endswith(".yml"):
        try:
            import yaml
        except ImportError:
            raise ImportError(
                f"Reading {filename} needs PyYAML, which this job's Python does not have."
            ) from None
        with open(filename, "r", encoding="utf-8") as f:
            return yaml.safe_load(f)
    if filename.endswith(".toml"):
        try:
            import tomllib
        except ImportError:
            try:
                import tomli as tomllib
            except ImportError:
                raise ImportError(
                    f"Reading {filename} needs Python 3.11 or the tomli package."
                ) from None
        with open(filename, "rb") as f:
            return tomllib.load(f)
    raise RuntimeError("Unsupported file type.")


def _dicts_depth_first(d):
    for value in d.values():
        if isinstance(value, collections.abc.Mapping):
            yield from _dicts_depth_first(value)
    yield d


def unpack_imports_full(orig_dict, used_filenames):
    """Resolves ``__import__`` in every dict reachable through dict values (not inside lists)."""
    for current in list(_dicts_depth_first(orig_dict)):
        _unpack_imports_fixed_level(current, used_filenames)


def _unpack_imports_fixed_level(orig_dict, used_filenames):
    # Later files win over earlier ones, the importing dict over all of them: so merge in
    # reverse order, never overwriting what is already there.
    if IMPORT_KEY not in orig_dict:
        return
    new_files = orig_dict.pop(IMPORT_KEY)
    if isinstance(new_files, str):
        new_files = [new_files]
    for new_file in reversed(new_files):
        if new_file in used_filenames:
            raise ValueError(f"Cyclic dependency of JSONs, {new_file} already unpacked")
        loaded = load_raw_dict_from_file(new_file)
        unpack_imports_full(loaded, used_filenames + [new_file])
        update_recursive(orig_dict, loaded)


def _strip_star(key):
    return key[:-1] if key.endswith("*") else key


def update_recursive(d, u):
    """Merges ``u`` into ``d`` without overwriting. A local ``name*`` list is extended by the imported one."""
    for k, v in u.items():
        if isinstance(v, collections.abc.Mapping):
            d[k] = update_recursive(d.get(k, {}), v)
        elif isinstance(v, collections.abc.Sequence):
            raw_key = _strip_star(k)
            if raw_key + "*" in d:
                d[raw_key + "*"] = copy.deepcopy(v + d[raw_key + "*"])
            elif raw_key not in d:
                d[k] = v
        elif k not in d:
            d[k] = v
    return d


# --- dynamic values ----------------------------------------------------------------------------


def _dollars_to_env(text):
    """Replaces ``$`` by ``ENV_`` inside each ``{...}`` (not outside)."""
    out = []
    rest = text
    while True:
        start = rest.find("{")
        if start == -1:
            out.append(rest)
            return "".join(out)
        end = rest.find("}", start + 1)
        if end == -1:
            out.append(rest)
            return "".join(out)
        out.append(rest[: start + 1])
        out.append(rest[start + 1 : end].replace("$", "ENV_"))
        rest = rest[end:]
        out.append(rest[0])
        rest = rest[1:]


def fstring_in_json(format_string, namespace):
    """Evaluates one settings string; anything that fails leaves the string (or its format) as it was."""
    if not isinstance(format_string, str):
        return format_string
    replaced = _dollars_to_env(format_string)
    env = {"ENV_" + key: value for key, value in os.environ.items()}
    try:
        formatted = eval('f"' + replaced + '"', {**env, **namespace})  # noqa: S307 - the job's own settings
    except BaseException:
        return format_string
    if formatted == format_string:
        return format_string
    try:
        return eval(formatted, {"__builtins__": None})  # noqa: S307 - no builtins: literals and arithmetic
    except BaseException:
        return formatted


def recursive_dynamic_json(nested, namespace):
    """Evaluates every string in nested dicts and lists in place; keys are left alone."""
    if isinstance(nested, collections.abc.Mapping):
        items = list(nested.items())
    else:
        items = list(enumerate(nested))
    for k, v in items:
        if isinstance(v, (collections.abc.Mapping, list)):
            recursive_dynamic_json(v, namespace)
        else:
            nested[k] = fstring_in_json(v, namespace)


# --- hooks -------------------------------------------------------------------------------------


def add_cmd_line_params(base_dict, extra_flags):
    """Applies ``key=value`` overrides: dotted keys, values as Python literals."""
    for extra_flag in extra_flags:
        key, sep, value = extra_flag.partition("=")
        key = key.strip()
        value = value.strip()
        if not sep or not key or not value:
            raise SettingsError(f"Invalid format for {extra_flag}")
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as e:
            raise SettingsError(f"Failed to parse value '{value}' in '{extra_flag}'") from e
        path = key.split(".")
        target = base_dict
        for segment in path[:-1]:
            if isinstance(target, collections.abc.Mapping) and segment not in target:
                raise SettingsError(f"Invalid settings path '{key}' in '{extra_flag}'")
            target = target[segment]
        target[path[-1]] = parsed


def check_reserved_params(orig_dict):
    for key in orig_dict:
        if key in RESERVED_PARAMS:
            raise SettingsError(f"'{key}' is a reserved param name")


# --- entry points ------------------------------------------------------------------------------


def _post_load(current_dict, dynamic, post_unpack_hooks):
    for key in list(current_dict.keys()):
        if key.endswith("*") and isinstance(current_dict[key], collections.abc.Sequence):
            current_dict[_strip_star(key)] = current_dict.pop(key)

    if dynamic:
        # references see the values as they were before any evaluation
        objectified = recursive_objectify(current_dict, make_immutable=False)
        timestamp = datetime.datetime.now().strftime("%H:%M:%S-%d%h%y")
        namespace = dict(objectified)
        namespace["__timestamp__"] = timestamp
        recursive_dynamic_json(current_dict, namespace)

    for hook in post_unpack_hooks:
        hook(current_dict)

    return recursive_objectify(current_dict, make_immutable=True)


def loads_dict(parameter_dict, dynamic=True, post_unpack_hooks=()):
    """Loads parameters given as a dict (``--parameter-dict``).

    The dict goes through JSON first, as in the original: tuples become lists, keys strings.
    """
    current = json.loads(json.dumps(parameter_dict), object_pairs_hook=_no_duplicates)
    unpack_imports_full(current, used_filenames=[])
    return _post_load(current, dynamic, post_unpack_hooks)


def load_file(filename, dynamic=True, post_unpack_hooks=()):
    """Loads parameters from a .json/.yaml/.toml file."""
    current = load_raw_dict_from_file(filename)
    unpack_imports_full(current, used_filenames=[filename])
    return _post_load(current, dynamic, post_unpack_hooks)
