-- tributary: {materialized: view}
-- The last 30 days of the data (ending on its newest day, not today, so a test or a shop that paused
-- sees the same window every time): orders, revenue, average order value and customers per day.
SELECT date,
       total_orders AS orders,
       total_revenue AS revenue,
       average_order_value,
       unique_customers
FROM daily_summary
WHERE date > (SELECT MAX(date) FROM daily_summary) - 30
