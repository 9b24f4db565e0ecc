//! Files on tickets: kept, checked, served to those who may see them, mailed, swept.

use chrono::{TimeDelta, Utc};
use sea_orm::DatabaseConnection;

use super::{answer, asking, customer, now};
use crate::core::actor::Role;
use crate::core::files::Store;
use crate::customers::tests::{form, owner, teammate};
use crate::customers::types::ContactForm;
use crate::db_test;
use crate::error::{AppError, Invalid};
use crate::tickets::attachments::service::{self as attachments, IncomingFile, Swept};
use crate::tickets::service;
use crate::tickets::service::IncomingMail;
use crate::tickets::types::ReplyForm;

fn pdf() -> IncomingFile {
    IncomingFile {
        name: "C:\\Users\\li\\发票.pdf".into(),
        bytes: b"%PDF-1.7\n%...\n".to_vec(),
    }
}

fn program() -> IncomingFile {
    IncomingFile {
        name: "setup.exe".into(),
        bytes: b"MZ\x90\0\x03\0\0\0".to_vec(),
    }
}

async fn files_go_with_replies_and_only_to_those_who_may_see_them(conn: &DatabaseConnection) {
    let store = Store::temporary();
    let owner = owner(conn).await;
    let agent = teammate(conn, &owner, "agent@example.cn", Role::Support).await;
    let sales = teammate(conn, &owner, "sales@example.cn", Role::Sales).await;
    let marketing = teammate(conn, &owner, "marketing@example.cn", Role::Marketing).await;
    let with_address = ContactForm {
        email: "zhang.wei@example.cn".into(),
        ..form("张伟")
    };
    let zhang = crate::customers::service::create(conn, &owner, &with_address)
        .await
        .unwrap();
    let ticket = service::create(conn, &agent, &asking(&zhang, "发票"), now())
        .await
        .unwrap();

    let kept = attachments::upload(conn, &store, &agent, ticket.id, &pdf(), now())
        .await
        .unwrap();
    assert_eq!(kept.file_name, "发票.pdf");
    assert_eq!(kept.content_type, "application/pdf");
    assert_eq!(kept.size, 14);
    let refused = attachments::upload(conn, &store, &agent, ticket.id, &program(), now())
        .await
        .unwrap_err();
    assert_eq!(refused.field("file"), [Invalid::FileType]);
    assert_eq!(
        store.list().await.unwrap().len(),
        1,
        "nothing kept of the refused"
    );
    assert_eq!(
        attachments::upload(conn, &store, &sales, ticket.id, &pdf(), now()).await,
        Err(AppError::Forbidden)
    );
    // Until it goes with a reply, the upload is only its uploader's.
    assert!(
        attachments::open(conn, &store, &agent, kept.id)
            .await
            .is_ok()
    );
    assert_eq!(
        attachments::open(conn, &store, &sales, kept.id).await,
        Err(AppError::NotFound)
    );

    // Nobody sends another agent's upload.
    let with_file = |body: &str| ReplyForm {
        files: vec![kept.id],
        ..answer(body, "")
    };
    let taken = service::reply(
        conn,
        &owner,
        ticket.id,
        ticket.version,
        &with_file("见附件"),
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(taken.field("files"), [Invalid::NoMatch]);
    let thread = service::thread(conn, &agent, ticket.id, Utc::now())
        .await
        .unwrap();
    assert_eq!(thread.messages.len(), 1, "the refused reply wrote nothing");

    let thread = service::reply(
        conn,
        &agent,
        ticket.id,
        ticket.version,
        &with_file("发票见附件"),
        now(),
    )
    .await
    .unwrap();
    let reply = &thread.messages[1];
    assert_eq!(reply.attachments, [kept.clone()]);
    let (file, bytes) = attachments::open(conn, &store, &sales, kept.id)
        .await
        .unwrap();
    assert_eq!((file.id, bytes), (kept.id, pdf().bytes));
    assert_eq!(
        attachments::open(conn, &store, &marketing, kept.id).await,
        Err(AppError::Forbidden)
    );
    // The customer's mail carries it.
    let mail = service::mail::reply(conn, reply.id, "desk.example.cn")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mail.files.len(), 1);
    assert_eq!(mail.files[0].name, "发票.pdf");
    assert_eq!(store.get(&mail.files[0].key).await.unwrap(), pdf().bytes);
    // So does everything Banyan holds about the customer.
    let export = crate::privacy::service::subject(conn, &owner, zhang.id)
        .await
        .unwrap();
    assert_eq!(
        export["tickets"][0]["messages"][1]["attachments"][0]["file_name"],
        "发票.pdf"
    );

    // An upload taken back out of a reply is gone, bytes and all.
    let second = attachments::upload(conn, &store, &agent, ticket.id, &pdf(), now())
        .await
        .unwrap();
    attachments::discard(conn, &store, &agent, second.id)
        .await
        .unwrap();
    assert_eq!(
        attachments::open(conn, &store, &agent, second.id).await,
        Err(AppError::NotFound)
    );
    assert_eq!(store.list().await.unwrap().len(), 1);
}
db_test!(files_go_with_replies_and_only_to_those_who_may_see_them);

async fn mail_keeps_its_files_and_says_which_it_did_not(conn: &DatabaseConnection) {
    let store = Store::temporary();
    let owner = owner(conn).await;
    let mut files = vec![pdf(), program()];
    files.extend((0..10).map(|i| IncomingFile {
        name: format!("photo-{i}.png"),
        bytes: b"\x89PNG\r\n\x1a\n....".to_vec(),
    }));
    let mail = IncomingMail {
        message_id: Some("with-files@mail.example.com".into()),
        from_email: "emily@example.com".into(),
        subject: "Invoice".into(),
        text: "The invoice is attached.".into(),
        files,
        ..IncomingMail::default()
    };
    let received = service::receive(conn, &store, &mail, now()).await.unwrap();
    let service::Received::Opened(ticket) = received else {
        panic!("a new ticket: {received:?}")
    };
    let thread = service::thread(conn, &owner, ticket.id, Utc::now())
        .await
        .unwrap();
    let first = &thread.messages[0];
    // The PDF and nine pictures make ten; the program and the eleventh file are not kept.
    assert_eq!(first.attachments.len(), 10);
    assert_eq!(first.attachments[0].file_name, "发票.pdf");
    // Said in the workspace's language, Chinese here.
    let t = crate::i18n::Locale::ZhCn.messages();
    let note = format!(
        "The invoice is attached.\n\n[{}]\nsetup.exe: {}\nphoto-9.png: {}",
        t.mail_files_not_kept,
        t.invalid(&Invalid::FileType),
        t.invalid(&Invalid::TooLong { max: 10 })
    );
    assert_eq!(first.body, note);
    assert_eq!(store.list().await.unwrap().len(), 10);
}
db_test!(mail_keeps_its_files_and_says_which_it_did_not);

async fn abandoned_uploads_and_orphaned_files_are_swept(conn: &DatabaseConnection) {
    let store = Store::temporary();
    let owner = owner(conn).await;
    let zhang = customer(conn, &owner, "张伟").await;
    let ticket = service::create(conn, &owner, &asking(&zhang, "发票"), now())
        .await
        .unwrap();
    let sent = attachments::upload(conn, &store, &owner, ticket.id, &pdf(), now())
        .await
        .unwrap();
    let reply = ReplyForm {
        files: vec![sent.id],
        ..answer("见附件", "")
    };
    service::reply(conn, &owner, ticket.id, ticket.version, &reply, now())
        .await
        .unwrap();
    let abandoned = attachments::upload(conn, &store, &owner, ticket.id, &pdf(), now())
        .await
        .unwrap();
    store
        .put("2026-01/left-by-a-crash", b"%PDF-")
        .await
        .unwrap();

    // Fresh files are left alone: an upload may be going on.
    let fresh = attachments::sweep(conn, &store, Utc::now()).await.unwrap();
    assert_eq!(fresh, Swept::default());
    let later = Utc::now() + TimeDelta::days(2);
    let swept = attachments::sweep(conn, &store, later).await.unwrap();
    assert_eq!(
        swept,
        Swept {
            abandoned: 1,
            orphans: 1
        }
    );
    assert_eq!(
        attachments::open(conn, &store, &owner, abandoned.id).await,
        Err(AppError::NotFound)
    );
    assert!(
        attachments::open(conn, &store, &owner, sent.id)
            .await
            .is_ok()
    );
    assert_eq!(store.list().await.unwrap().len(), 1);

    // Erasing the customer erases their tickets' files at once.
    crate::privacy::service::erase(conn, &store, &owner, zhang.id, "张伟")
        .await
        .unwrap();
    assert_eq!(store.list().await.unwrap(), []);
}
db_test!(abandoned_uploads_and_orphaned_files_are_swept);
