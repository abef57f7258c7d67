package dev.herald.registry.naming;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventNamingCheckTest {
    private final EventNamingCheck check = new EventNamingCheck();

    @Test
    void suggestsAFactForACommand() {
        assertThat(check.suggestion("SendWelcomeEmail")).contains("WelcomeEmailSent");
        assertThat(check.suggestion("CreateOrder")).contains("OrderCreated");
        assertThat(check.suggestion("ShipParcel")).contains("ParcelShipped");
        assertThat(check.suggestion("PayInvoice")).contains("InvoicePaid");
        assertThat(check.suggestion("ApplyDiscount")).contains("DiscountApplied");
        assertThat(check.suggestion("place_order")).contains("orderPlaced");
    }

    @Test
    void acceptsFacts() {
        assertThat(check.suggestion("UserRegistered")).isEmpty();
        assertThat(check.suggestion("OrderPlaced")).isEmpty();
        assertThat(check.suggestion("PaymentCaptured")).isEmpty();
        assertThat(check.suggestion("SensorReading")).isEmpty();
        assertThat(check.suggestion("Send")).as("a lone verb is not enough to judge").isEmpty();
    }

    @Test
    void flagsCommandSuffixes() {
        assertThat(check.suggestion("ShipOrderCommand")).contains("OrderShipped");
        assertThat(check.suggestion("RefundRequest")).isPresent();
    }

    @Test
    void findingsCarryAMessageThatSaysWhatToDo() {
        List<EventNamingCheck.Finding> findings = check.check(List.of("UserRegistered", "SendWelcomeEmail"));
        assertThat(findings).hasSize(1);
        assertThat(findings.getFirst().message()).contains("SendWelcomeEmail", "WelcomeEmailSent", "what happened");
    }
}
