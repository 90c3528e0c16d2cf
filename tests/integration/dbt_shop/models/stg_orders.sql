select id, customer_email as email, price * qty as amount from {{ ref('raw_orders') }}
