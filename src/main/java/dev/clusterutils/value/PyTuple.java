package dev.clusterutils.value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A Python tuple. Settings, grid values and job parameters keep tuples apart from lists because
 * the job receives them as Python literals and {@code (1, 2)} is not {@code [1, 2]} to user code.
 */
public record PyTuple(List<Object> items) {
    public PyTuple {
        items = Collections.unmodifiableList(new ArrayList<>(items));
    }

    public static PyTuple of(Object... items) {
        return new PyTuple(Arrays.asList(items));
    }

    public int size() {
        return items.size();
    }

    public Object get(int i) {
        return items.get(i);
    }

    @Override
    public String toString() {
        return PythonRepr.repr(this);
    }
}
