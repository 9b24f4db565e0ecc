use std::io::Cursor;

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use super::*;
use crate::core::db::testing::TestDb;
use crate::customers::tests::{bought, customer, owner};
use crate::db_test;

async fn strings(conn: &DatabaseConnection, sql: &str) -> Vec<String> {
    conn.query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get_by_index(0).unwrap())
        .collect()
}

#[tokio::test]
async fn every_table_is_listed_after_the_tables_it_refers_to() {
    let db = TestDb::sqlite().await;
    let names = tables::names();
    let mut in_database = strings(
        &db.conn,
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations'",
    )
    .await;
    in_database.sort();
    assert_eq!(sorted(names.clone()), in_database, "every table, once");
    for (at, table) in names.iter().enumerate() {
        let sql = format!("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('{table}')");
        for target in strings(&db.conn, &sql).await {
            assert!(
                names[..at].contains(&target.as_str()),
                "{table} refers to {target}, which comes after it"
            );
        }
    }
    db.remove().await;
}

/// A backup of `conn` as the bytes of its file.
async fn backed_up(conn: &DatabaseConnection, store: &Store, passphrase: Option<&str>) -> Vec<u8> {
    let path = std::env::temp_dir().join(format!("banyan-backup-{}", uuid::Uuid::now_v7()));
    let file = std::fs::File::create(&path).unwrap();
    backup(conn, store, file, passphrase).await.unwrap();
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(path).unwrap();
    bytes
}

/// The same lines gzip'd again with `edit` applied to the header: a file as another build
/// would have written it.
fn with_header(file: &[u8], edit: impl Fn(&mut Header)) -> Vec<u8> {
    let mut text = String::new();
    GzDecoder::new(file).read_to_string(&mut text).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    let Line::Banyan(mut header) = serde_json::from_str(first).unwrap() else {
        panic!("the header comes first")
    };
    edit(&mut header);
    let mut out = GzEncoder::new(Vec::new(), Compression::default());
    serde_json::to_writer(&mut out, &Line::Banyan(header)).unwrap();
    out.write_all(b"\n").unwrap();
    out.write_all(rest.as_bytes()).unwrap();
    out.finish().unwrap()
}

async fn users(conn: &DatabaseConnection) -> Vec<String> {
    strings(conn, "SELECT email FROM users ORDER BY email").await
}

async fn refused_leaves_nothing(conn: &DatabaseConnection) {
    let source_store = Store::temporary();
    let owner = owner(conn).await;
    let who = customer(conn, &owner, "李娜", "vip").await;
    bought(conn, &owner, &who, &[3], 1280).await;
    let plain = backed_up(conn, &source_store, None).await;
    let sealed = backed_up(conn, &source_store, Some("榕树 2026")).await;

    let target = TestDb::like(conn).await;
    let store = Store::temporary();
    let mut flipped = plain.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    let mut gzip_of_other = GzEncoder::new(Vec::new(), Compression::default());
    gzip_of_other
        .write_all(b"{\"name\": \"not a backup\"}\n")
        .unwrap();
    let cases: Vec<(&str, Vec<u8>, Option<&str>, AppError)> = vec![
        (
            "text",
            b"name,phone\n".to_vec(),
            None,
            AppError::invalid("file", Invalid::NotABackup),
        ),
        (
            "another gzip",
            gzip_of_other.finish().unwrap(),
            None,
            AppError::invalid("file", Invalid::NotABackup),
        ),
        ("a changed byte", flipped, None, damaged()),
        (
            "cut short",
            plain[..plain.len() * 2 / 3].to_vec(),
            None,
            damaged(),
        ),
        (
            "sealed, no passphrase",
            sealed.clone(),
            None,
            AppError::invalid("passphrase", Invalid::Required),
        ),
        (
            "sealed, a wrong passphrase",
            sealed.clone(),
            Some("榕树 2025"),
            AppError::invalid("passphrase", Invalid::Passphrase),
        ),
        (
            "a newer schema",
            with_header(&plain, |h| h.schema = "m99991231_000001_later".into()),
            None,
            AppError::invalid("file", Invalid::BackupNewer),
        ),
        (
            "an older schema",
            with_header(&plain, |h| h.schema = "m20261124_000001_first".into()),
            None,
            AppError::invalid("file", Invalid::BackupOlder),
        ),
    ];
    for (case, file, passphrase, refusal) in cases {
        let restored = restore(&target.conn, &store, Cursor::new(file), passphrase).await;
        assert_eq!(restored.err(), Some(refusal), "{case}");
        assert_eq!(users(&target.conn).await, Vec::<String>::new(), "{case}");
        assert_eq!(store.list().await.unwrap(), [], "{case}");
    }
    let into_itself = restore(conn, &store, Cursor::new(plain), None).await;
    assert_eq!(
        into_itself.err(),
        Some(AppError::invalid("database", Invalid::NotEmpty))
    );

    let manifest = restore(&target.conn, &store, Cursor::new(sealed), Some("榕树 2026"))
        .await
        .unwrap();
    assert_eq!(users(&target.conn).await, users(conn).await);
    assert_eq!(manifest.totals.rows["orders"], 1);
    assert_eq!(manifest.header.schema, schema());
    target.remove().await;
}
db_test!(refused_leaves_nothing);
