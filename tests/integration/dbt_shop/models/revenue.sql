select email, sum(amount) as total from {{ ref('stg_orders') }} group by email
