//! The mail job: makes each mail event's email when it is due and hands it to the SMTP server.
//! A mail the server took is recorded at once, and a mail already recorded is never made
//! again, so the outbox's retries after a failure or a crash send nothing twice.

use std::time::Duration;

use app::campaigns::automation::service::run as automation;
use app::campaigns::campaign::service::mail::{self as campaign_mail, Settled};
use app::core::events::{Event, Record};
use app::core::files::Store;
use app::core::mail::Mail;
use app::core::outbox::{self, Stored};
use app::core::signing::SecretKey;
use app::tickets::service::mail as ticket_mail;
use app::today::digest;
use chrono::Utc;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, Message, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sea_orm::DatabaseConnection;

use super::{Handler, HandlerFuture};
use crate::config::MailConfig;

/// A worker's batch of 20 mails, each waiting this long at worst, stays inside the outbox's
/// five-minute lease, so no other worker claims a mail still being sent.
const SMTP_TIMEOUT: Duration = Duration::from_secs(12);

pub struct Mailer {
    conn: DatabaseConnection,
    /// Where the files that replies carry are kept.
    files: Store,
    key: SecretKey,
    public_url: String,
    from: Mailbox,
    /// None until a mail server is configured: mail then waits in the outbox.
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
}

impl Mailer {
    pub fn new(
        conn: DatabaseConnection,
        files: Store,
        key: SecretKey,
        public_url: String,
        config: &MailConfig,
    ) -> Result<Self, String> {
        let transport = match &config.smtp_url {
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|err| format!("BANYAN_SMTP_URL: {err}"))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            ),
            None => None,
        };
        Ok(Mailer {
            conn,
            files,
            key,
            public_url,
            from: config.from.clone(),
            transport,
        })
    }

    fn domain(&self) -> &str {
        self.from.email.domain()
    }

    async fn send(&self, mail: &Mail) -> Result<(), Failure> {
        let transport = self
            .transport
            .as_ref()
            .ok_or_else(|| Failure::later("no mail server is configured (BANYAN_SMTP_URL)"))?;
        let mut files = Vec::with_capacity(mail.files.len());
        for file in &mail.files {
            // A file gone from the data folder will not come back: the mail fails, and after
            // its retries the status screen counts it, rather than going without it.
            let bytes = self.files.get(&file.key).await.map_err(|err| {
                Failure::later(format!("the file {} could not be read: {err}", file.name))
            })?;
            files.push(bytes);
        }
        let message = build(&self.from, mail, &files).map_err(Failure::later)?;
        transport.send(message).await.map_err(|err| Failure {
            why: format!("the mail server refused the mail: {err}"),
            permanent: err.is_permanent(),
        })?;
        Ok(())
    }

    async fn deliver(&self, stored: &Stored) -> Result<(), String> {
        let failed = |err: app::error::AppError| format!("database: {err}");
        let (domain, now) = (self.domain(), Utc::now());
        match stored.event()? {
            Event::TicketReplyMail(Record { id }) => {
                let mail = ticket_mail::reply(&self.conn, id, domain)
                    .await
                    .map_err(failed)?;
                if let Some(mail) = mail {
                    self.send(&mail).await?;
                    ticket_mail::reply_sent(&self.conn, id, &mail.message_id, Utc::now())
                        .await
                        .map_err(failed)?;
                }
            }
            Event::TicketSurveyMail(Record { id }) => {
                let mail =
                    ticket_mail::survey(&self.conn, &self.key, &self.public_url, id, domain, now)
                        .await
                        .map_err(failed)?;
                if let Some(mail) = mail {
                    self.send(&mail).await?;
                    ticket_mail::survey_sent(&self.conn, id, Utc::now())
                        .await
                        .map_err(failed)?;
                }
            }
            Event::CampaignMail(message) => {
                let (key, url) = (&self.key, self.public_url.as_str());
                let mail = campaign_mail::message(&self.conn, key, url, message, domain, now)
                    .await
                    .map_err(failed)?;
                let Some(mail) = mail else { return Ok(()) };
                let settled = match self.send(&mail).await {
                    Ok(()) => Settled::Sent(&mail.message_id),
                    // A refusal for good is a bounce: recorded, not retried.
                    Err(Failure { why, permanent }) => {
                        if !permanent && stored.attempts + 1 < outbox::MAX_ATTEMPTS {
                            return Err(why);
                        }
                        campaign_mail::settle_event(
                            &self.conn,
                            message,
                            Settled::Failed(&why),
                            now,
                        )
                        .await
                        .map_err(failed)?;
                        return Ok(());
                    }
                };
                campaign_mail::settle_event(&self.conn, message, settled, Utc::now())
                    .await
                    .map_err(failed)?;
            }
            Event::CampaignTestMail(test) => {
                let mail = campaign_mail::test(&self.conn, &self.public_url, test, domain)
                    .await
                    .map_err(failed)?;
                if let Some(mail) = mail {
                    self.send(&mail).await?;
                }
            }
            Event::AutomationMail(mail_event) => {
                // Nothing records these as sent: a crash between the mail server taking one
                // and the outbox marking it delivered sends it again, under the same
                // Message-ID, which mail programs show once.
                let mail = automation::mail(&self.conn, mail_event, domain)
                    .await
                    .map_err(failed)?;
                if let Some(mail) = mail {
                    self.send(&mail).await?;
                }
            }
            Event::DigestMail(digest) => {
                // Made when sent, from the tasks and deals as they are then; a retry after a
                // crash sends it again under the same Message-ID.
                let mail = digest::mail(&self.conn, digest, &self.public_url, domain, now)
                    .await
                    .map_err(failed)?;
                if let Some(mail) = mail {
                    self.send(&mail).await?;
                }
            }
            other => return Err(format!("no mail is made for {}", other.topic())),
        }
        Ok(())
    }
}

/// Why a mail did not go: `permanent` when the mail server refused it for good (a 5xx
/// answer, such as an unknown mailbox), which no retry changes.
struct Failure {
    why: String,
    permanent: bool,
}

impl Failure {
    fn later(why: impl Into<String>) -> Self {
        Failure {
            why: why.into(),
            permanent: false,
        }
    }
}

impl From<Failure> for String {
    fn from(failure: Failure) -> String {
        failure.why
    }
}

impl Handler for Mailer {
    fn handle<'a>(&'a self, event: &'a Stored) -> HandlerFuture<'a> {
        Box::pin(self.deliver(event))
    }
}

fn angled(id: &str) -> String {
    format!("<{id}>")
}

/// The email as the SMTP server gets it: plain text in UTF-8 (with its HTML alternative, if
/// any), with the headers that keep a conversation together in the customer's mail program or
/// let it offer one-click unsubscribing, and the files (`bytes`, in the order of `mail.files`)
/// attached.
fn build(from: &Mailbox, mail: &Mail, bytes: &[Vec<u8>]) -> Result<Message, String> {
    let to = mail
        .to_email
        .parse()
        .map_err(|_| format!("{} is not an address mail can go to", mail.to_email))?;
    let mut builder = Message::builder()
        .from(Mailbox::new(
            Some(mail.from_name.clone()),
            from.email.clone(),
        ))
        .to(Mailbox::new(Some(mail.to_name.clone()), to))
        .subject(mail.subject.clone())
        .message_id(Some(angled(&mail.message_id)));
    if let Some(answers) = &mail.in_reply_to {
        builder = builder.in_reply_to(angled(answers));
    }
    if !mail.references.is_empty() {
        let references: Vec<String> = mail.references.iter().map(|id| angled(id)).collect();
        builder = builder.references(references.join(" "));
    }
    if let Some(url) = &mail.list_unsubscribe {
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                angled(url),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    let unwritable = |err: lettre::error::Error| format!("could not write the mail: {err}");
    if mail.html.is_none() && mail.files.is_empty() {
        return builder
            .header(ContentType::TEXT_PLAIN)
            .body(mail.text.clone())
            .map_err(unwritable);
    }
    let mut parts = match &mail.html {
        Some(html) => MultiPart::alternative_plain_html(mail.text.clone(), html.clone()),
        None => MultiPart::mixed().singlepart(SinglePart::plain(mail.text.clone())),
    };
    if !mail.files.is_empty() {
        if mail.html.is_some() {
            parts = MultiPart::mixed().multipart(parts);
        }
        for (file, bytes) in mail.files.iter().zip(bytes) {
            let kind = ContentType::parse(&file.content_type)
                .map_err(|_| format!("{} is not a media type", file.content_type))?;
            parts = parts.singlepart(Attachment::new(file.name.clone()).body(bytes.clone(), kind));
        }
    }
    builder.multipart(parts).map_err(unwritable)
}

#[cfg(test)]
mod tests;
