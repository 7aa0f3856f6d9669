-- tributary: {materialized: table}
-- Customers by what they have bought (refunded orders left out):
--   VIP      at least 10 orders and at least 1,000 spent
--   Loyal    at least 5 orders, or at least 500 spent
--   Regular  at least 2 orders
--   New      one order
-- with how many customers each segment holds, their average lifetime value and orders per customer
-- (rounded half up to two decimals, the same on DuckDB and PostgreSQL: see daily_summary.sql).
WITH customers AS (
    SELECT customer_id,
           COUNT(*) AS orders,
           SUM(total_price) AS lifetime_value
    FROM orders
    WHERE status IS DISTINCT FROM 'refunded' AND customer_id IS NOT NULL
    GROUP BY customer_id
),
segmented AS (
    SELECT CASE WHEN orders >= 10 AND lifetime_value >= 1000 THEN 'VIP'
                WHEN orders >= 5 OR lifetime_value >= 500 THEN 'Loyal'
                WHEN orders >= 2 THEN 'Regular'
                ELSE 'New' END AS segment,
           orders,
           CAST(lifetime_value * 100 AS DECIMAL(38,0)) AS cents
    FROM customers
)
SELECT segment,
       CASE segment WHEN 'VIP' THEN 1 WHEN 'Loyal' THEN 2 WHEN 'Regular' THEN 3 ELSE 4 END AS segment_order,
       COUNT(*) AS customers,
       CAST(FLOOR((2 * SUM(cents) + COUNT(*)) / (2 * COUNT(*))) / 100 AS DECIMAL(18,2)) AS average_lifetime_value,
       CAST(FLOOR((200 * SUM(orders) + COUNT(*)) / (2 * COUNT(*))) / 100 AS DECIMAL(18,2)) AS average_orders_per_customer
FROM segmented
GROUP BY segment
