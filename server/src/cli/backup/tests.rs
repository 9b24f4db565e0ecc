use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use app::backup::file::{Contents, backup, contents, restore};
use app::core::files::Store;
use app::customers::entity::contact;
use app::customers::history::entity::interaction;
use app::testing::TestDb;
use app::tickets::attachments::service::{IncomingFile, upload};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel};
use serde_json::Value;
use uuid::Uuid;

use crate::cli::seed::{Volume, demo};

/// The demo business, with a file attached to one of its tickets.
async fn demo_with_a_file(conn: &DatabaseConnection, store: &Store) {
    demo(conn, 1, Volume::Month).await.unwrap();
    let owner = crate::cli::actor(conn, None).await.unwrap();
    let ticket = app::tickets::entity::ticket::Entity::find()
        .one(conn)
        .await
        .unwrap()
        .expect("the demo has tickets");
    let file = IncomingFile {
        name: "报价单.pdf".into(),
        bytes: b"%PDF-1.4\n% a quote\n%%EOF\n".to_vec(),
    };
    upload(conn, store, &owner, ticket.id, &file, Utc::now())
        .await
        .unwrap();
}

/// Backs up `conn` and reads the file back: every table and file of the workspace.
async fn export(conn: &DatabaseConnection, store: &Store) -> (Vec<u8>, Contents) {
    let path = std::env::temp_dir().join(format!("banyan-backup-{}", Uuid::now_v7()));
    backup(conn, store, std::fs::File::create(&path).unwrap(), None)
        .await
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let contents = contents(std::io::Cursor::new(bytes.clone()), None).unwrap();
    (bytes, contents)
}

/// What a restore of `file` into `target` holds.
async fn restored(target: &TestDb, file: Vec<u8>) -> Contents {
    let store = Store::temporary();
    restore(&target.conn, &store, std::io::Cursor::new(file), None)
        .await
        .unwrap();
    export(&target.conn, &store).await.1
}

/// Writes, one transaction each, a new contact and a call with them, until told to stop;
/// counts the writes that committed.
fn write_load(
    conn: DatabaseConnection,
    stop: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let person = contact::Entity::find().one(&conn).await.unwrap().unwrap();
        let call = interaction::Entity::find()
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        for n in 1.. {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let txn = app::core::db::write(&conn).await.unwrap();
            let id = Uuid::now_v7();
            let mut new_person = person.clone();
            new_person.id = id;
            new_person.name = format!("负载 {n}");
            new_person.email = Some(format!("load{n}@example.cn"));
            new_person.phone = None;
            new_person.external_id = None;
            new_person
                .into_active_model()
                .reset_all()
                .insert(&txn)
                .await
                .unwrap();
            let mut new_call = call.clone();
            new_call.id = Uuid::now_v7();
            new_call.contact_id = id;
            new_call
                .into_active_model()
                .reset_all()
                .insert(&txn)
                .await
                .unwrap();
            txn.commit().await.unwrap();
            done.store(n, Ordering::SeqCst);
        }
    })
}

async fn until(done: &AtomicUsize, at_least: usize) {
    while done.load(Ordering::SeqCst) < at_least {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The number of a load's contact, if `row` is one.
fn load_number(row: &Value) -> Option<usize> {
    row["name"].as_str()?.strip_prefix("负载 ")?.parse().ok()
}

async fn a_backup_made_under_load_restores_the_workspace_as_it_was(conn: &DatabaseConnection) {
    let store = Store::temporary();
    demo_with_a_file(conn, &store).await;
    let (stop, done) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicUsize::new(0)),
    );
    let load = write_load(conn.clone(), stop.clone(), done.clone());
    until(&done, 3).await;
    let (file, _) = export(conn, &store).await;
    until(&done, done.load(Ordering::SeqCst) + 3).await;
    stop.store(true, Ordering::SeqCst);
    load.await.unwrap();
    let written = done.load(Ordering::SeqCst);

    let target = TestDb::like(conn).await;
    let restored = restored(&target, file).await;
    let (_, mut source) = export(conn, &store).await;

    // The load's writes in the backup are those that committed before it began: the first
    // ones, each whole, none after.
    let mut kept: Vec<usize> = restored.rows["contacts"]
        .iter()
        .filter_map(load_number)
        .collect();
    kept.sort_unstable();
    let before = kept.len();
    assert!(
        before >= 3 && before < written,
        "{before} of {written} writes"
    );
    assert_eq!(kept, (1..=before).collect::<Vec<_>>());
    let later: Vec<Value> = source.rows["contacts"]
        .iter()
        .filter(|row| load_number(row).is_some_and(|n| n > before))
        .map(|row| row["id"].clone())
        .collect();
    for (table, key) in [("contacts", "id"), ("interactions", "contact_id")] {
        let rows = source.rows.get_mut(table).expect("the table");
        rows.retain(|row| !later.contains(&row[key]));
    }
    assert_eq!(restored.files.len(), 1);
    assert_eq!(restored.files, source.files);
    for (table, rows) in &source.rows {
        assert_eq!(restored.rows.get(table), Some(rows), "{table}");
    }
    assert_eq!(restored.rows.len(), source.rows.len());
    target.remove().await;
}
app::db_test!(a_backup_made_under_load_restores_the_workspace_as_it_was);

/// Equal, but for the sub-microsecond part of times, which PostgreSQL does not keep.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) => {
            match (a.parse::<DateTime<Utc>>(), b.parse::<DateTime<Utc>>()) {
                (Ok(a), Ok(b)) => (a - b).abs() < chrono::TimeDelta::microseconds(1),
                _ => a == b,
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[tokio::test]
async fn a_workspace_moves_from_sqlite_to_postgresql() {
    let source = TestDb::sqlite().await;
    let store = Store::temporary();
    demo_with_a_file(&source.conn, &store).await;
    let (file, before) = export(&source.conn, &store).await;

    let target = TestDb::postgres().await;
    let after = restored(&target, file).await;
    assert_eq!(after.files, before.files);
    assert_eq!(after.rows.len(), before.rows.len());
    for (table, rows) in &before.rows {
        let moved = &after.rows[table];
        assert_eq!(moved.len(), rows.len(), "{table}");
        for (was, is) in rows.iter().zip(moved) {
            assert!(same(was, is), "{table}: {was} became {is}");
        }
    }
    source.remove().await;
    target.remove().await;
}
