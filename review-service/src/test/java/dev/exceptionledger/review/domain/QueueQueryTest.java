package dev.exceptionledger.review.domain;

import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.contracts.Violation;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QueueQueryTest {

    @Test
    void defaultsToTheFirstPageOfTheOpenQueueOfEveryTeam() {
        assertThat(QueueQuery.parse(null, null, null, null), is(new QueueQuery(ReviewStatus.OPEN, null, null, null,
                null, null, null, null, null, null, 0, 20)));
    }

    @Test
    void readsEveryParameter() {
        assertThat(QueueQuery.parse("Decided", "sales", "3", "200"),
                is(new QueueQuery(ReviewStatus.DECIDED, "sales", null, null, null, null, null, null, null, null, 3,
                        200)));
    }

    @Test
    void asksForAContactByTheSubjectIdTheLedgerGivesItsEmailNeverTheAddress() {
        QueueQuery query = QueueQuery.parse("all", null, null, null, null, null, null, " i-1 ", "crm-7",
                " Dana@Northwind.example ", null, null);
        assertThat(query.status(), is((ReviewStatus) null));
        assertThat(query.interactionId(), is("i-1"));
        assertThat(query.externalId(), is("crm-7"));
        assertThat(query.contactId(), is(PersonalFields.contactIdOfEmail("dana@northwind.example")));
    }

    @Test
    void namesEveryBadParameterAtOnce() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> QueueQuery.parse("closed", "", "-1", "500"));
        assertThat(e.violations().stream().map(Violation::field).toList(), contains("status", "team", "page", "size"));
    }

    @Test
    void refusesSizesOutsideOneTo200() {
        assertThrows(InvalidRequestException.class, () -> QueueQuery.parse(null, null, null, "0"));
        assertThrows(InvalidRequestException.class, () -> QueueQuery.parse(null, null, null, "201"));
        assertThrows(InvalidRequestException.class, () -> QueueQuery.parse(null, null, "two", null));
    }
}
