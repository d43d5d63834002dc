package dev.eventlog.webhook;

/**
 * How large the filters of one subscription may be, in {@link ExtraFilter#terms()}: every event of
 * the organization is matched against them inside the ingest consumer's transaction. Checked when
 * a subscription is created or changed only; filters saved before a lower limit keep working.
 */
public record FilterLimits(int termsPerFilter, int termsPerSubscription) {

    public FilterLimits {
        if (termsPerFilter < 1 || termsPerSubscription < termsPerFilter) {
            throw new IllegalArgumentException("filter term limits must be at least 1, the subscription's no lower than a filter's");
        }
    }
}
