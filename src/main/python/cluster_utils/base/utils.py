"""Small helpers of the client."""

from .constants import OBJECT_SEPARATOR


def flatten_nested_string_dict(nested_dict, prepend=""):
    """Yields (dotted name, value) for every leaf of a nested dict with str keys.

    An empty nested dict yields nothing, as in the original client.
    """
    for key, value in nested_dict.items():
        if type(key) is not str:
            raise TypeError("Only strings as keys expected")
        if isinstance(value, dict):
            yield from flatten_nested_string_dict(value, prepend=prepend + key + OBJECT_SEPARATOR)
        else:
            yield prepend + key, value
