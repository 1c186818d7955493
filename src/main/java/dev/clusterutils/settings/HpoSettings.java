package dev.clusterutils.settings;

import dev.clusterutils.space.ParamSpec;
import java.util.List;
import java.util.Map;

/** Keys of hp_optimization mode. {@code earlyKilling} is null unless {@code killBadJobsEarly}. */
public record HpoSettings(
        List<ParamSpec> optimizedParams,
        String optimizerStr,
        Map<String, Object> optimizerSettings,
        OptimizationSetting optimization,
        int numBestJobsWhoseDataIsKept,
        boolean killBadJobsEarly,
        EarlyKillingParams earlyKilling) {
}
