use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A form as its settings show it, with the address it posts to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebForm {
    pub id: Uuid,
    pub key: String,
    pub name: String,
    pub tag: Option<String>,
    pub owner_id: Option<Uuid>,
    pub redirect_url: Option<String>,
    pub active: bool,
    /// Messages sent through it open tickets in the inbox.
    pub opens_tickets: bool,
    /// Where the website's form posts: the public address of Banyan and `/f/{key}`.
    pub action: String,
    pub created_at: DateTime<Utc>,
}

/// A new form as posted from the settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WebFormForm {
    pub name: String,
    pub tag: String,
    pub owner_id: String,
    /// A thank-you page on the website; empty for Banyan's own.
    pub redirect_url: String,
    /// A checkbox: sent only when ticked.
    #[serde(default)]
    pub opens_tickets: Option<String>,
}

/// What became of a submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Submitted {
    Created(Uuid),
    Updated(Uuid),
    /// The honeypot was filled: a robot, answered as if it had worked.
    Ignored,
}

impl WebForm {
    /// The HTML to paste into a website: the fields Banyan reads, a consent box, and a
    /// honeypot field that people never see and robots fill.
    pub fn snippet(&self) -> String {
        format!(
            r#"<form action="{action}" method="post" accept-charset="utf-8">
  <input name="name" placeholder="Name / 姓名" required>
  <input name="email" type="email" placeholder="Email / 邮箱">
  <input name="phone" type="tel" placeholder="Phone / 手机">
  <input name="company" placeholder="Company / 公司">
  <textarea name="message" placeholder="Message / 留言"></textarea>
  <label><input type="checkbox" name="consent" value="yes"> I agree to receive news and offers / 我同意接收资讯和优惠</label>
  <input name="website" tabindex="-1" autocomplete="off" style="position:absolute;left:-9999px" aria-hidden="true">
  <button type="submit">Send / 提交</button>
</form>"#,
            action = self.action
        )
    }
}
