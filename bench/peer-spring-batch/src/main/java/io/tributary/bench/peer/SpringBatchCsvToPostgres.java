package io.tributary.bench.peer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobLauncher;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.item.database.JdbcBatchItemWriter;
import org.springframework.batch.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.item.file.FlatFileItemReader;
import org.springframework.batch.item.file.builder.FlatFileItemReaderBuilder;
import org.springframework.batch.item.file.transform.FieldSet;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * CSV of orders -> PostgreSQL table {@code orders}, as a Java team would write it with Spring Batch
 * 5.2: a FlatFileItemReader mapping each line to a typed record, a JdbcBatchItemWriter, chunks of
 * 1,000 rows (one transaction each), a HikariCP pool, and the resourceless job repository Spring
 * Batch 5.2 offers for jobs that need no restart metadata. Library defaults everywhere else.
 *
 * <p>Usage: {@code java -jar peer-spring-batch.jar FILE.csv JDBC_URL USER [PASSWORD]}; prints the rows written.
 */
public final class SpringBatchCsvToPostgres {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] COLUMNS = {"id", "created_at", "customer_id", "customer_email", "total_price", "status", "currency",
            "country", "items_count", "discount", "shipping_method", "note"};

    /** One line of the file. */
    public record Order(long id, LocalDateTime createdAt, long customerId, String customerEmail, BigDecimal totalPrice, String status,
                        String currency, String country, int itemsCount, BigDecimal discount, String shippingMethod, String note) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: SpringBatchCsvToPostgres FILE.csv JDBC_URL USER [PASSWORD]");
            System.exit(2);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[1]);
        config.setUsername(args[2]);
        config.setPassword(args.length > 3 ? args[3] : "");
        config.setMaximumPoolSize(2);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            JobRepository repository = new ResourcelessJobRepository();
            DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);

            FlatFileItemReader<Order> reader = new FlatFileItemReaderBuilder<Order>()
                    .name("ordersReader")
                    .resource(new FileSystemResource(args[0]))
                    .linesToSkip(1)
                    .delimited()
                    .names(COLUMNS)
                    .fieldSetMapper(SpringBatchCsvToPostgres::order)
                    .build();

            JdbcBatchItemWriter<Order> writer = new JdbcBatchItemWriterBuilder<Order>()
                    .dataSource(dataSource)
                    .sql("INSERT INTO orders (" + String.join(", ", COLUMNS) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .itemPreparedStatementSetter((order, ps) -> {
                        ps.setLong(1, order.id());
                        ps.setObject(2, order.createdAt());
                        ps.setLong(3, order.customerId());
                        ps.setString(4, order.customerEmail());
                        ps.setBigDecimal(5, order.totalPrice());
                        ps.setString(6, order.status());
                        ps.setString(7, order.currency());
                        ps.setString(8, order.country());
                        ps.setInt(9, order.itemsCount());
                        ps.setBigDecimal(10, order.discount());
                        ps.setString(11, order.shippingMethod());
                        ps.setString(12, order.note());
                    })
                    .build();
            writer.afterPropertiesSet();

            Job job = new JobBuilder("csvToPostgres", repository)
                    .start(new StepBuilder("load", repository).<Order, Order>chunk(1000, transactions).reader(reader).writer(writer).build())
                    .build();
            TaskExecutorJobLauncher launcher = new TaskExecutorJobLauncher();
            launcher.setJobRepository(repository);
            launcher.afterPropertiesSet();
            JobExecution execution = launcher.run(job, new JobParameters());
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                System.err.println("job ended " + execution.getStatus() + ": " + execution.getAllFailureExceptions());
                System.exit(1);
            }
            System.out.println(execution.getStepExecutions().iterator().next().getWriteCount());
        }
    }

    private static Order order(FieldSet line) {
        return new Order(line.readLong("id"), LocalDateTime.parse(line.readString("created_at"), TIMESTAMP), line.readLong("customer_id"),
                line.readString("customer_email"), line.readBigDecimal("total_price"), line.readString("status"), line.readString("currency"),
                line.readString("country"), line.readInt("items_count"), empty(line.readString("discount")) ? null : line.readBigDecimal("discount"),
                line.readString("shipping_method"), empty(line.readString("note")) ? null : line.readString("note"));
    }

    private static boolean empty(String value) {
        return value == null || value.isEmpty();
    }
}
