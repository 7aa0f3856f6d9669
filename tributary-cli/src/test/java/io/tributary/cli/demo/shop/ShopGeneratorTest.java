package io.tributary.cli.demo.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The generated shop looks like a real one and holds one of each flaw the pack's checks catch. */
class ShopGeneratorTest {
    static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");
    final ShopData data = ShopGenerator.generate(ShopGenerator.DEFAULT_SEED, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void ninetyDaysOfOrdersEndAFewMinutesBeforeTheClockWithACatalogueAndRepeatCustomers() {
        assertThat(data.newestDay()).isEqualTo(LocalDate.of(2026, 3, 15));
        assertThat(data.products()).hasSize(40).allSatisfy(p -> assertThat(p.variants()).isNotEmpty());
        assertThat(data.customers()).hasSize(400);
        assertThat(data.orders()).hasSizeBetween(1_500, 3_000);
        assertThat(data.orders()).allSatisfy(o -> assertThat(o.lineItems()).hasSizeBetween(1, 5));
        Instant newest = data.orders().get(data.orders().size() - 1).createdAt();
        assertThat(Duration.between(newest, NOW)).isBetween(Duration.ZERO, Duration.ofMinutes(15));
        assertThat(LocalDate.ofInstant(data.orders().get(0).createdAt(), ZoneOffset.UTC)).isEqualTo(data.newestDay().minusDays(89));
        assertThat(data.orders()).extracting(ShopData.Order::createdAt).isSorted();

        Map<Long, Long> perCustomer = data.orders().stream().collect(Collectors.groupingBy(o -> o.customer().id(), Collectors.counting()));
        assertThat(perCustomer.values()).as("a few buy often, many once").anyMatch(n -> n >= 20).anyMatch(n -> n == 1);
        assertThat(data.orders()).filteredOn(o -> o.financialStatus().equals("refunded")).hasSizeBetween(40, 150);
        assertThat(data.charges()).filteredOn(ShopData.Charge::refunded).isNotEmpty()
                .allSatisfy(c -> assertThat(c.amountRefunded()).isEqualTo(c.amount()));
    }

    @Test
    void weekendsSellMoreThanWeekdaysAndTheLastMonthMoreThanTheFirst() {
        Map<LocalDate, Long> perDay = data.orders().stream()
                .collect(Collectors.groupingBy(o -> LocalDate.ofInstant(o.createdAt(), ZoneOffset.UTC), Collectors.counting()));
        double weekend = average(perDay, d -> d.getDayOfWeek().getValue() >= DayOfWeek.SATURDAY.getValue());
        double weekday = average(perDay, d -> d.getDayOfWeek().getValue() < DayOfWeek.SATURDAY.getValue());
        assertThat(weekend).isGreaterThan(weekday * 1.1);
        LocalDate start = data.newestDay().minusDays(89);
        double first = average(perDay, d -> d.isBefore(start.plusDays(30)));
        double last = average(perDay, d -> d.isAfter(data.newestDay().minusDays(30)) && d.isBefore(data.newestDay()));
        assertThat(last).isGreaterThan(first * 1.2);
    }

    @Test
    void eachFlawIsOneDistinctOrderOfItsKind() {
        ShopData.Flaws flaws = data.flaws();
        assertThat(List.of(flaws.missingEmailOrderId(), flaws.invalidEmailOrderId(), flaws.negativeTotalOrderId(), flaws.duplicateOrderId(),
                flaws.testOrderId())).doesNotHaveDuplicates();
        assertThat(data.orders()).filteredOn(o -> o.email() == null).extracting(ShopData.Order::id).containsExactly(flaws.missingEmailOrderId());
        assertThat(data.orders()).filteredOn(o -> o.email() != null && !o.email().matches("[^@\\s]+@[^@\\s]+\\.[a-z]+"))
                .extracting(ShopData.Order::id).containsExactly(flaws.invalidEmailOrderId());
        assertThat(data.orders()).filteredOn(o -> o.totalPrice().signum() < 0).extracting(ShopData.Order::id).containsExactly(flaws.negativeTotalOrderId());
        assertThat(data.orders()).filteredOn(ShopData.Order::test).extracting(ShopData.Order::id).containsExactly(flaws.testOrderId());
        assertThat(data.charges()).noneMatch(c -> c.orderId() == flaws.testOrderId() || c.orderId() == flaws.negativeTotalOrderId());
        assertThat(data.orders()).filteredOn(o -> o.id() != flaws.negativeTotalOrderId())
                .allSatisfy(o -> assertThat(o.totalPrice()).isEqualTo(o.subtotalPrice().add(o.totalTax())).isGreaterThan(BigDecimal.ZERO));
    }

    @Test
    void theSameSeedAndClockGiveTheSameShopAndTheDaysBeforeDoNotDependOnTheTimeOfDay() {
        assertThat(ShopGenerator.generate(ShopGenerator.DEFAULT_SEED, Clock.fixed(NOW, ZoneOffset.UTC))).isEqualTo(data);
        ShopData evening = ShopGenerator.generate(ShopGenerator.DEFAULT_SEED, Clock.fixed(NOW.plus(Duration.ofHours(8)), ZoneOffset.UTC));
        Instant today = data.newestDay().atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(evening.orders().stream().filter(o -> o.createdAt().isBefore(today)).map(ShopData.Order::createdAt).toList())
                .isEqualTo(data.orders().stream().filter(o -> o.createdAt().isBefore(today)).map(ShopData.Order::createdAt).toList());
    }

    private static double average(Map<LocalDate, Long> perDay, java.util.function.Predicate<LocalDate> days) {
        return perDay.entrySet().stream().filter(e -> days.test(e.getKey())).mapToLong(Map.Entry::getValue).average().orElseThrow();
    }
}
