//! The access matrix: every server function and REST endpoint, asked by each kind of person
//! about records of two teams, through the real router with real sessions. What each of them
//! must be answered is written down in `table.rs`; the test fails on any other answer, and on
//! a server function or route the table does not know, so that none goes without its rules.
//!
//! Each cell of the table asks about records made for it alone (`Records`), so that one
//! person's successful change or deletion never decides what the next one is answered.

pub(crate) mod client;
pub(crate) mod records;
mod table;

use std::collections::BTreeSet;

use app::sync::types::{Outcome, Synced};
use axum::http::{Method, StatusCode};
use leptos::server_fn::axum::server_fn_paths;
use sea_orm::DatabaseConnection;

use client::Client;
use records::Records;

/// Who asks, in the order of the table's columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Owner,
    /// The lead of team A.
    Manager,
    /// A sales rep of team A: the owner of the records asked about.
    Rep,
    /// A sales rep of team B.
    OtherRep,
    Support,
    Marketing,
    /// Nobody signed in.
    Visitor,
}

const EVERYONE: [Who; 7] = [
    Who::Owner,
    Who::Manager,
    Who::Rep,
    Who::OtherRep,
    Who::Support,
    Who::Marketing,
    Who::Visitor,
];

/// What a request is answered, by the kind of its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// 2xx, or a form's redirect to where it goes next.
    Done,
    /// 2xx with an empty list: what a list narrowed to what the person may see answers when
    /// they may see none of the records asked about.
    Empty,
    /// 403: not for this person's role.
    Refused,
    /// 404: the record is not theirs to see, answered as if it did not exist.
    Hidden,
    /// 401: sign in first.
    SignIn,
    /// 400 or 422: the request itself is refused, whoever sends it (a token only its
    /// holder has, a setup already done).
    Invalid,
}

impl Answer {
    fn of(status: StatusCode, body: &[u8]) -> Option<Answer> {
        match status.as_u16() {
            200..=299 if body == b"[]" => Some(Answer::Empty),
            200..=399 => Some(Answer::Done),
            403 => Some(Answer::Refused),
            404 => Some(Answer::Hidden),
            401 => Some(Answer::SignIn),
            400 | 422 => Some(Answer::Invalid),
            _ => None,
        }
    }
}

async fn every_endpoint_answers_each_person_as_the_table_says(conn: &DatabaseConnection) {
    let client = Client::new(conn).await;
    let mut wrong = Vec::new();
    let mut asked = BTreeSet::new();
    for &(name, expected) in table::TABLE {
        for (who, expected) in EVERYONE.into_iter().zip(expected) {
            let mut records = Records::new(&client);
            let call = table::call(name, &mut records).await;
            assert!(
                call.names(name),
                "the row {name} sends {}: a row is named after what it calls",
                call.path
            );
            asked.insert((call.method.clone(), call.route.clone()));
            let (mut status, body) = client.send(who, &call).await;
            if call.batch && status.is_success() {
                status = first_write(&body);
            }
            if Answer::of(status, &body) != Some(expected) {
                wrong.push(format!(
                    "{name} asked by {who:?}: expected {expected:?}, answered {status} {}",
                    String::from_utf8_lossy(&body)
                        .chars()
                        .take(200)
                        .collect::<String>()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong answers:\n{}",
        wrong.len(),
        wrong.join("\n")
    );

    let unknown: Vec<_> = server_fn_paths()
        .map(|(path, _)| (Method::POST, path.to_owned()))
        .chain(
            crate::api::routes()
                .into_iter()
                .map(|(route, method, _)| (method, route.to_owned())),
        )
        .filter(|route| !asked.contains(route))
        .collect();
    assert!(
        unknown.is_empty(),
        "not in the access matrix, add them to its table: {unknown:?}"
    );
}

/// The status of a batch's first write, as its outcome says.
fn first_write(body: &[u8]) -> StatusCode {
    let synced: Synced = serde_json::from_slice(body).expect("a batch's answer");
    let refusal = match (synced.outcomes.first(), synced.stopped.as_ref()) {
        (Some(Outcome::Refused(err)), _) | (None, Some(err)) => err.status(),
        _ => 200,
    };
    StatusCode::from_u16(refusal).expect("a status")
}

app::db_test!(every_endpoint_answers_each_person_as_the_table_says);
