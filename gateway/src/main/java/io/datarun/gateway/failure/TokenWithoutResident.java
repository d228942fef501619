package io.datarun.gateway.failure;

/** A resident's token without a valid {@code residentId} claim: whose trail it asks for is unknown, so none. */
public final class TokenWithoutResident extends DomainFailure {
    public static final String CODE = "token-without-resident-id";

    public TokenWithoutResident() {
        super(FailureKind.REFUSED, CODE, "The token carries no valid residentId claim (a GB 11643 resident ID number).");
    }
}
