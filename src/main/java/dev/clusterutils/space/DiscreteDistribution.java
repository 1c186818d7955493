package dev.clusterutils.space;

import dev.clusterutils.value.PyValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discrete distribution (spec 4.3.2): a categorical over {@code spec.options()} refitted with
 * Laplace-smoothed counts.
 *
 * <p>Differences from the original: {@link #sample} returns the option object itself, so options of
 * any type (tuples, booleans, mixed {@code [1, "a"]}) keep their types; the original went through a
 * NumPy array that coerced mixed options to strings and crashed on tuple options (11.2 #13).
 * Counting uses Python equality ({@link PyValues}); a list value counts for an equal tuple option.
 *
 * @param probabilities one per option, summing to one
 */
public record DiscreteDistribution(ParamSpec spec, List<Double> probabilities) implements ParamDistribution {

    private static final Logger LOG = LoggerFactory.getLogger(DiscreteDistribution.class);

    public DiscreteDistribution {
        if (spec.distribution() != Distribution.Discrete) {
            throw new IllegalArgumentException(spec.param() + " is not Discrete");
        }
        if (spec.options().isEmpty()) {
            throw new IllegalArgumentException("Discrete " + spec.param() + " has no options");
        }
        if (probabilities.size() != spec.options().size()) {
            throw new IllegalArgumentException("one probability per option expected");
        }
        probabilities = List.copyOf(probabilities);
    }

    public static DiscreteDistribution initial(ParamSpec spec) {
        int n = spec.options().size();
        return new DiscreteDistribution(spec, Collections.nCopies(n, 1.0 / n));
    }

    @Override
    public DiscreteDistribution fit(List<?> values) {
        List<Object> options = spec.options();
        int n = options.size();
        List<Double> probs = new ArrayList<>(n);
        double sum = 0;
        for (Object option : options) {
            int count = count(values, option);
            if (count == 0) {
                // the original's RelaxedCounter: option 1 also matches the value '1'
                String asString = PyValues.str(option);
                int stringCount = countStrings(values, asString);
                if (stringCount > 0) {
                    LOG.warn("String comparison used for key {}", asString);
                    count = stringCount;
                }
            }
            double p = (1.0 + count) / (values.size() + n);
            probs.add(p);
            sum += p;
        }
        if (!isClose(sum, 1.0)) {
            // values that are not among the options leave mass unassigned
            LOG.warn("Probabilities of '{}' do not sum up to one.", spec.param());
            for (int i = 0; i < n; i++) {
                probs.set(i, probs.get(i) / sum);
            }
        }
        return new DiscreteDistribution(spec, probs);
    }

    @Override
    public Object sample(RandomGenerator rng) {
        return spec.options().get(sampleIndex(rng));
    }

    /** Inverse-CDF draw like NumPy's {@code choice}: the first option whose cumulative probability exceeds u. */
    public int sampleIndex(RandomGenerator rng) {
        double total = 0;
        for (double p : probabilities) {
            total += p;
        }
        double u = rng.nextDouble() * total;
        double cum = 0;
        for (int i = 0; i < probabilities.size(); i++) {
            cum += probabilities.get(i);
            if (u < cum) {
                return i;
            }
        }
        return probabilities.size() - 1;
    }

    private static int count(List<?> values, Object option) {
        int c = 0;
        for (Object v : values) {
            if (PyValues.pyEquals(v, option)) {
                c++;
            }
        }
        return c;
    }

    private static int countStrings(List<?> values, String s) {
        int c = 0;
        for (Object v : values) {
            if (v instanceof String vs && vs.equals(s)) {
                c++;
            }
        }
        return c;
    }

    /** NumPy's isclose with its defaults (rtol 1e-5, atol 1e-8). */
    private static boolean isClose(double a, double b) {
        return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
    }
}
