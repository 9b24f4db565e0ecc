//! How a ledger travels to the browser: as columns of numbers rather than a list of objects.
//! At 10,000 customers a ledger is the biggest answer the app sends, and a phone waits for
//! all of it before the value page can draw. Purchases come sorted by customer and day, so
//! each column holds the difference from the row before: mostly one or two digits, which
//! compress far better than the numbers themselves.

use analytics::history::Purchase;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::customers::history::types::Customer;

/// The customers as two lists, ids and names, in the same order.
pub mod customers {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Columns {
        id: Vec<uuid::Uuid>,
        name: Vec<String>,
    }

    pub fn serialize<S: Serializer>(customers: &[Customer], s: S) -> Result<S::Ok, S::Error> {
        Columns {
            id: customers.iter().map(|c| c.id).collect(),
            name: customers.iter().map(|c| c.name.clone()).collect(),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Customer>, D::Error> {
        let Columns { id, name } = Columns::deserialize(d)?;
        if id.len() != name.len() {
            return Err(D::Error::custom("customer columns differ in length"));
        }
        Ok(id
            .into_iter()
            .zip(name)
            .map(|(id, name)| Customer { id, name })
            .collect())
    }
}

/// The purchases as three lists: the customer and the day each as the difference from the
/// purchase before, the amount as it is.
pub mod purchases {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Columns {
        customer: Vec<i64>,
        day: Vec<i64>,
        amount: Vec<i64>,
    }

    pub fn serialize<S: Serializer>(purchases: &[Purchase], s: S) -> Result<S::Ok, S::Error> {
        let mut columns = Columns {
            customer: Vec::with_capacity(purchases.len()),
            day: Vec::with_capacity(purchases.len()),
            amount: Vec::with_capacity(purchases.len()),
        };
        let (mut customer, mut day) = (0, 0);
        for p in purchases {
            let index = p.customer as i64;
            columns.customer.push(index - customer);
            columns.day.push(p.day - day);
            columns.amount.push(p.amount);
            (customer, day) = (index, p.day);
        }
        columns.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Purchase>, D::Error> {
        let columns = Columns::deserialize(d)?;
        let n = columns.amount.len();
        if columns.customer.len() != n || columns.day.len() != n {
            return Err(D::Error::custom("purchase columns differ in length"));
        }
        let (mut customer, mut day) = (0_i64, 0_i64);
        let mut purchases = Vec::with_capacity(n);
        for i in 0..n {
            customer += columns.customer[i];
            day += columns.day[i];
            let index = usize::try_from(customer)
                .map_err(|_| D::Error::custom("a purchase names no customer"))?;
            purchases.push(Purchase {
                customer: index,
                day,
                amount: columns.amount[i],
            });
        }
        Ok(purchases)
    }
}
