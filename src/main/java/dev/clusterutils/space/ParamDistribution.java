package dev.clusterutils.space;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The sampling distribution of one optimised parameter, as the cross-entropy optimiser uses it
 * (behaviour spec 4.3). Immutable: {@link #fit} returns the refitted distribution.
 */
public sealed interface ParamDistribution permits NumericDistribution, DiscreteDistribution {

    /** The distribution before any fit: centred in the bounds, or uniform over the options. */
    static ParamDistribution initial(ParamSpec spec) {
        return spec.distribution() == Distribution.Discrete
                ? DiscreteDistribution.initial(spec)
                : NumericDistribution.initial(spec);
    }

    ParamSpec spec();

    /** Refit to the elite's values of this parameter. */
    ParamDistribution fit(List<?> values);

    /**
     * One value: a {@code Long} for Int*, a {@code Double} for the float variants (or the bound as
     * written when clipped), one of the option objects for Discrete.
     */
    Object sample(RandomGenerator rng);
}
