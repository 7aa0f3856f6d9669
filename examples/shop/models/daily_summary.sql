-- tributary: {materialized: table}
-- One row per day with sales: orders, revenue, average order value, customers, and the product that
-- brought in the most (line-item revenue, before tax). Refunded orders are not sales.
--
-- Written to give the same numbers on DuckDB and PostgreSQL:
-- * days are UTC days (created_at AT TIME ZONE 'UTC'), whatever the session's time zone;
-- * averages are rounded half up to the cent from whole cents, as FLOOR((2 * cents + n) / (2 * n)) / 100,
--   because DuckDB divides decimals in floating point and PostgreSQL exactly;
-- * ties are broken by name, then id.
WITH sales AS (
    SELECT id, CAST(created_at AT TIME ZONE 'UTC' AS DATE) AS order_date, total_price, customer_id
    FROM orders
    WHERE status IS DISTINCT FROM 'refunded'
),
days AS (
    SELECT order_date,
           COUNT(*) AS total_orders,
           CAST(SUM(total_price) AS DECIMAL(18,2)) AS total_revenue,
           CAST(SUM(total_price) * 100 AS DECIMAL(38,0)) AS revenue_cents,
           COUNT(DISTINCT customer_id) AS unique_customers
    FROM sales
    GROUP BY order_date
),
product_days AS (
    SELECT s.order_date,
           MAX(li.title) AS product_title,
           ROW_NUMBER() OVER (PARTITION BY s.order_date
                              ORDER BY SUM(li.price * li.quantity) DESC, MAX(li.title), li.product_id) AS position
    FROM sales s
    JOIN order_line_items li ON li.order_id = s.id
    GROUP BY s.order_date, li.product_id
)
SELECT d.order_date AS date,
       d.total_orders,
       d.total_revenue,
       CAST(FLOOR((2 * d.revenue_cents + d.total_orders) / (2 * d.total_orders)) / 100 AS DECIMAL(18,2)) AS average_order_value,
       d.unique_customers,
       p.product_title AS top_product
FROM days d
LEFT JOIN product_days p ON p.order_date = d.order_date AND p.position = 1
