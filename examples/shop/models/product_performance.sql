-- tributary: {materialized: table}
-- The 20 products that brought in the most over the last 30 days of the data (ending on its newest
-- day): units sold, revenue (line items, before tax), orders containing the product, and the average
-- selling price per unit (rounded half up to the cent, the same on DuckDB and PostgreSQL: see
-- daily_summary.sql). Refunded orders are not sales.
WITH sales AS (
    SELECT id, CAST(created_at AT TIME ZONE 'UTC' AS DATE) AS order_date
    FROM orders
    WHERE status IS DISTINCT FROM 'refunded'
),
recent AS (
    SELECT id FROM sales WHERE order_date > (SELECT MAX(order_date) FROM sales) - 30
),
products AS (
    SELECT li.product_id,
           MAX(li.title) AS product_title,
           CAST(SUM(li.quantity) AS BIGINT) AS units_sold,
           CAST(SUM(li.price * li.quantity) AS DECIMAL(18,2)) AS revenue,
           COUNT(DISTINCT li.order_id) AS orders,
           CAST(SUM(li.price * li.quantity) * 100 AS DECIMAL(38,0)) AS cents
    FROM order_line_items li
    JOIN recent r ON r.id = li.order_id
    GROUP BY li.product_id
),
ranked AS (
    SELECT ROW_NUMBER() OVER (ORDER BY revenue DESC, product_title, product_id) AS rank,
           product_id, product_title, units_sold, revenue, orders,
           CAST(FLOOR((2 * cents + units_sold) / (2 * units_sold)) / 100 AS DECIMAL(18,2)) AS average_selling_price
    FROM products
)
SELECT rank, product_id, product_title, units_sold, revenue, orders, average_selling_price
FROM ranked
WHERE rank <= 20
