package dev.clusterutils.backend.slurm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class whose tests need the local Slurm that its {@code @BeforeAll} started with
 * {@link LocalSlurm#start}. The condition is evaluated per test method, after {@code @BeforeAll},
 * so that without Slurm every test shows up as skipped with the reason, and .ci/run can tell
 * "skipped" from "not run" when it did start Slurm.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(NeedsSlurm.Condition.class)
public @interface NeedsSlurm {

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isEmpty()) {
                return ConditionEvaluationResult.enabled("the class starts Slurm in @BeforeAll");
            }
            return LocalSlurm.up ? ConditionEvaluationResult.enabled("local Slurm is up")
                    : ConditionEvaluationResult.disabled("no local Slurm: " + LocalSlurm.whyNot);
        }
    }
}
