package dev.exceptionledger.intake.support;

import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.support.LedgerSubjectKeys;
import dev.exceptionledger.support.SubjectKeys;
import dev.exceptionledger.support.SubjectKeysUnavailableException;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The subjects' keys as intake is configured for them: the bean is there and the service started without reaching
 * the ledger or asking for a token; without a ledger (module tests have none) a call is unavailable, not a partial
 * answer. The calls to the real ledger: e2e-tests' SubjectKeysEndToEndTest.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class SubjectKeysWiringTest {

    @Inject
    SubjectKeys keys;

    @Test
    void theLedgersKeysAreInjectableAndUnavailableWithoutALedger() {
        assertInstanceOf(LedgerSubjectKeys.class, ClientProxy.unwrap(keys));

        assertThrows(SubjectKeysUnavailableException.class, () -> keys.keysFor(List.of(
                PersonalFields.contactIdOfEmail("nobody@example.com"))));
    }
}
