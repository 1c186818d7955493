package dev.clusterutils.space;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One {@code hyperparam_list} entry. One name is a plain parameter; several names are zipped
 * parameters, and then every value is a {@link dev.clusterutils.value.PyTuple} of that arity.
 * Values are already normalised: lists became tuples.
 */
public record GridEntry(List<String> names, List<Object> values) {
    public GridEntry {
        names = List.copyOf(names);
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public boolean zipped() {
        return names.size() > 1;
    }
}
