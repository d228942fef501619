package io.datarun.gateway.limits;

/**
 * The two request budgets on {@code /api}: one per authenticated user ({@code sub} and
 * department, however many tokens it mints), and one per client address spent by failed
 * authentications (no token, a forged or expired one) — so forged tokens cannot buy fresh budgets
 * and a caller without a valid token is limited where it connects from.
 */
public record RequestBudgets(RateLimiter callers, RateLimiter addresses) {

    /** The budget key of an authenticated user. */
    public static String callerKey(String department, String user) {
        return "user:" + department + "/" + user;
    }

    /** The budget key of a client address (the proxy's forwarded address when the proxy is trusted). */
    public static String addressKey(String address) {
        return "addr:" + (address == null ? "unknown" : address);
    }
}
