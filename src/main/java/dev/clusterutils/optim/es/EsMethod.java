package dev.clusterutils.optim.es;

import dev.clusterutils.space.Distribution;
import dev.clusterutils.space.ParamSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code opt_alg} names users write (matched case-insensitively) and the family each one runs. */
public enum EsMethod {
    ONE_PLUS_ONE("OnePlusOne"),
    CMA("CMA"),
    TWO_POINTS_DE("TwoPointsDE"),
    DE("DE"),
    PSO("PSO"),
    RANDOM_SEARCH("RandomSearch"),
    TBPSA("TBPSA"),
    NGOPT("NGOpt");

    private final String userName;

    EsMethod(String userName) {
        this.userName = userName;
    }

    /** The spelling used in docs and messages, as nevergrad spells it. */
    public String userName() {
        return userName;
    }

    public static Optional<EsMethod> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.userName.toLowerCase(Locale.ROOT).equals(n)).findFirst();
    }

    public static List<String> userNames() {
        return Arrays.stream(values()).map(EsMethod::userName).toList();
    }

    /**
     * What NGOpt runs, a fixed rule instead of nevergrad's large decision tree: CMA for two or more
     * parameters that are all numeric, OnePlusOne otherwise (one parameter, or any Discrete one,
     * where CMA's covariance model has little to work with).
     */
    public static EsMethod ngOptChoice(List<ParamSpec> space) {
        boolean anyDiscrete = space.stream().anyMatch(p -> p.distribution() == Distribution.Discrete);
        return space.size() >= 2 && !anyDiscrete ? CMA : ONE_PLUS_ONE;
    }
}
