//! The records one cell of the matrix asks about, made when the cell first needs them. The
//! customer's records belong to team A's rep; what only the desk, the marketers or the owner
//! make (tickets, campaigns, forms), they make.

use app::auth::teams::types::Team;
use app::auth::tokens::api::CreateToken;
use app::auth::tokens::types::{ApiToken, CreatedToken};
use app::campaigns::automation::api::SaveRule;
use app::campaigns::automation::types::{Rule, RuleForm, Trigger};
use app::campaigns::campaign::api::SaveCampaign;
use app::campaigns::campaign::types::{Campaign, CampaignForm};
use app::core::actor::User;
use app::core::code::TextCode;
use app::customers::api::CreateContact;
use app::customers::history::api::AddOrder;
use app::customers::history::types::{Order, OrderForm, OrderLineForm};
use app::customers::segments::api::SaveSegment;
use app::customers::segments::types::{Definition, NewSegment, SavedSegment};
use app::customers::types::{Contact, ContactForm};
use app::deals::api::CreateDeal;
use app::deals::comments::api::AddComment;
use app::deals::comments::types::Comment;
use app::deals::tasks::api::CreateTask;
use app::deals::tasks::types::{Task, TaskForm};
use app::deals::types::{Card, NewDeal};
use app::duplicates::api::{ListMerges, MergeContacts};
use app::duplicates::types::{MergeForm, MergeRecord};
use app::saved_views::api::SaveView;
use app::saved_views::types::SavedView;
use app::tickets::api::{CreateTicket, ReplyTicket, SaveCanned};
use app::tickets::attachments::types::Attachment;
use app::tickets::types::{CannedForm, NewTicket, ReplyForm, Thread, Ticket};
use app::web_forms::api::CreateWebForm;
use app::web_forms::types::{WebForm, WebFormForm};
use app::webhooks::api::CreateWebhook;
use app::webhooks::entity::delivery;
use app::webhooks::service::fan_out;
use app::webhooks::types::{CreatedWebhook, Webhook};
use axum::http::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::Who;
use super::client::{Call, Client};

pub struct Records<'a> {
    pub client: &'a Client,
    contact: Option<Contact>,
    deal: Option<Card>,
    ticket: Option<Ticket>,
    segment: Option<SavedSegment>,
}

impl<'a> Records<'a> {
    pub fn new(client: &'a Client) -> Self {
        Records {
            client,
            contact: None,
            deal: None,
            ticket: None,
            segment: None,
        }
    }

    pub fn unique(&self) -> u32 {
        self.client.door.unique()
    }

    pub fn rep(&self) -> &User {
        &self.client.rep
    }

    /// The customer asked about: team A's rep's, at a company, with an address.
    pub async fn contact(&mut self) -> Contact {
        if self.contact.is_none() {
            self.contact = Some(self.new_contact().await);
        }
        self.contact.clone().expect("made")
    }

    /// Another customer of team A's rep.
    pub async fn new_contact(&self) -> Contact {
        let n = self.unique();
        let form = ContactForm {
            name: format!("Li Wei {n}"),
            email: format!("li.wei.{n}@example.cn"),
            company: format!("Acme Retail {n}"),
            source: "email".into(),
            lifecycle: "customer".into(),
            marketing_consent: Some("on".into()),
            ..ContactForm::default()
        };
        self.client
            .ask(Who::Rep, Call::form(CreateContact { form }))
            .await
    }

    /// The customer's deal, in the first stage of the pipeline.
    pub async fn deal(&mut self) -> Card {
        if self.deal.is_none() {
            let contact = self.contact().await;
            let deal = NewDeal {
                title: format!("Spring order {}", self.unique()),
                amount: "12000".into(),
                currency: "CNY".into(),
                stage_id: self.first_stage(),
                contact_id: Some(contact.id),
                id: None,
            };
            let card = self
                .client
                .ask(Who::Rep, Call::form(CreateDeal { deal }))
                .await;
            self.deal = Some(card);
        }
        self.deal.clone().expect("made")
    }

    pub fn first_stage(&self) -> Uuid {
        self.client.pipeline.stages[0].id
    }

    pub fn second_stage(&self) -> Uuid {
        self.client.pipeline.stages[1].id
    }

    /// The customer's question, opened by the owner.
    pub async fn ticket(&mut self) -> Ticket {
        if self.ticket.is_none() {
            let contact = self.contact().await;
            let form = NewTicket {
                contact_id: Some(contact.id),
                subject: "Where is my order?".into(),
                body: "It was due on Monday.".into(),
                ..NewTicket::default()
            };
            let ticket = self
                .client
                .ask(Who::Owner, Call::form(CreateTicket { form }))
                .await;
            self.ticket = Some(ticket);
        }
        self.ticket.clone().expect("made")
    }

    /// A task on the deal, for its rep.
    pub async fn task(&mut self) -> Task {
        let deal = self.deal().await;
        let form = TaskForm {
            title: "Call back about the order".into(),
            due: "2027-01-11T10:00".into(),
            assignee_id: self.rep().id.to_string(),
            deal_id: Some(deal.id),
            ..TaskForm::default()
        };
        self.client
            .ask(Who::Rep, Call::form(CreateTask { form }))
            .await
    }

    /// A paid order of the customer's, with a line, recorded by their rep.
    pub async fn order(&mut self) -> Order {
        let contact = self.contact().await.id;
        let form = OrderForm {
            ordered_on: "2026-11-20".into(),
            currency: "CNY".into(),
            status: "paid".into(),
            lines: vec![OrderLineForm {
                description: "Oolong, 500 g".into(),
                quantity: "2".into(),
                unit_amount: "150".into(),
            }],
            ..OrderForm::default()
        };
        self.client
            .ask(
                Who::Rep,
                Call::form(AddOrder {
                    contact_id: contact,
                    form,
                }),
            )
            .await
    }

    /// A segment of every customer, saved by the marketers.
    pub async fn segment(&mut self) -> SavedSegment {
        if self.segment.is_none() {
            let segment = NewSegment {
                name: format!("VIP {}", self.unique()),
                definition: Definition::Rules(Default::default()),
                contacts: Vec::new(),
            };
            let saved = self
                .client
                .ask(Who::Marketing, Call::json(SaveSegment { segment }))
                .await;
            self.segment = Some(saved);
        }
        self.segment.clone().expect("made")
    }

    pub async fn campaign(&mut self) -> Campaign {
        let segment = self.segment().await;
        let form = CampaignForm {
            name: format!("Spring sale {}", self.unique()),
            segment_id: segment.id.to_string(),
            subject: "Spring sale".into(),
            html: "<p>Hello {{name}}</p>".into(),
            text: "Hello {{name}}".into(),
            ..CampaignForm::default()
        };
        self.client
            .ask(Who::Marketing, Call::form(SaveCampaign { form }))
            .await
    }

    pub async fn rule(&self) -> Rule {
        let form = RuleForm {
            name: format!("Tag new customers {}", self.unique()),
            trigger: Trigger::ContactCreated.as_str().into(),
            enabled: Some("on".into()),
            task_title: "Call the new customer".into(),
            ..RuleForm::default()
        };
        self.client
            .ask(Who::Marketing, Call::form(SaveRule { form }))
            .await
    }

    pub async fn web_form(&self) -> WebForm {
        let form = WebFormForm {
            name: format!("Contact us {}", self.unique()),
            ..WebFormForm::default()
        };
        self.client
            .ask(Who::Owner, Call::form(CreateWebForm { form }))
            .await
    }

    pub async fn canned(&self) -> app::tickets::types::CannedReply {
        let form = CannedForm {
            title: format!("Thanks {}", self.unique()),
            body: "Thank you for your patience.".into(),
        };
        self.client
            .ask(Who::Support, Call::form(SaveCanned { form }))
            .await
    }

    /// A saved view of the contacts list, team A's rep's own.
    pub async fn view(&self) -> SavedView {
        let save = SaveView {
            list: "contacts".into(),
            name: format!("Mine {}", self.unique()),
            query: "?q=li".into(),
        };
        self.client.ask(Who::Rep, Call::form(save)).await
    }

    /// Two of the rep's customers merged by the owner; the record of that merge.
    pub async fn merge(&mut self) -> (Contact, MergeRecord) {
        let (kept, gone) = (self.new_contact().await, self.new_contact().await);
        let form = MergeForm {
            survivor: kept.id,
            contacts: vec![kept.id, gone.id],
            versions: vec![kept.version, gone.version],
            choices: Default::default(),
        };
        let merged: Contact = self
            .client
            .ask(Who::Owner, Call::form(MergeContacts { form }))
            .await;
        let list = ListMerges {
            contact_id: merged.id,
        };
        let records: Vec<MergeRecord> = self.client.ask(Who::Owner, Call::form(list)).await;
        (merged, records.into_iter().next().expect("the merge"))
    }

    /// A file of contacts uploaded by the owner, waiting for its options.
    pub async fn import(&self) -> Uuid {
        let csv = "name,email\nZhao Lei,zhao.lei@example.cn\n,not an address\n";
        let upload = Call::rest(
            Method::POST,
            crate::api::imports::PATH,
            crate::api::imports::PATH,
        )
        .with_file(&[("kind", "contacts")], "contacts.csv", csv.as_bytes());
        let (status, location) = self.client.send(Who::Owner, &upload).await;
        let location = String::from_utf8_lossy(&location).into_owned();
        assert!(status.is_redirection(), "{status} {location}");
        let id = location.trim_start_matches("/import/");
        id.parse()
            .unwrap_or_else(|_| panic!("an import's page: {location}"))
    }

    /// A file the desk uploaded for a reply to the ticket, not sent yet.
    pub async fn upload(&mut self) -> Attachment {
        let ticket = self.ticket().await;
        let path = format!("/api/tickets/{}/attachments", ticket.id);
        let upload = Call::rest(Method::POST, "/api/tickets/{id}/attachments", path).with_file(
            &[],
            "invoice.pdf",
            b"%PDF-1.7\n",
        );
        let (status, body) = self.client.send(Who::Support, &upload).await;
        assert!(status.is_success(), "{status}");
        serde_json::from_slice(&body).expect("the attachment")
    }

    /// A file the desk sent the customer in a reply to the ticket.
    pub async fn attachment(&mut self) -> Attachment {
        let file = self.upload().await;
        let ticket = self.ticket().await;
        let form = ReplyForm {
            body: "The invoice is attached.".into(),
            files: vec![file.id],
            ..ReplyForm::default()
        };
        let reply = ReplyTicket {
            id: ticket.id,
            version: ticket.version,
            form,
        };
        let _: Thread = self.client.ask(Who::Support, Call::form(reply)).await;
        file
    }

    /// An API token of the rep's.
    pub async fn token(&self) -> ApiToken {
        let make = CreateToken {
            name: format!("ERP {}", self.unique()),
            scopes: Some([("contacts".to_owned(), "read".to_owned())].into()),
            expires_days: String::new(),
        };
        let made: CreatedToken = self.client.ask(Who::Rep, Call::form(make)).await;
        made.token
    }

    /// A comment on the deal by `who`, which mentions the rep.
    pub async fn comment(&mut self, who: Who) -> Comment {
        let add = AddComment {
            deal_id: self.deal().await.id,
            body: format!("@{} the customer asked for a discount.", self.rep().name),
        };
        self.client.ask(who, Call::form(add)).await
    }

    /// A subscription to new contacts, posted to this machine.
    pub fn new_webhook(&self) -> CreateWebhook {
        CreateWebhook {
            url: format!("http://127.0.0.1:9/hooks/{}", self.unique()),
            description: String::new(),
            topics: Some([("contact.created".to_owned(), "on".to_owned())].into()),
            allow_private: Some("on".into()),
        }
    }

    /// The owner's webhook.
    pub async fn webhook(&self) -> Webhook {
        let made: CreatedWebhook = self
            .client
            .ask(Who::Owner, Call::form(self.new_webhook()))
            .await;
        made.webhook
    }

    /// A new webhook and its delivery of a contact added after it, handed over as the outbox
    /// would.
    pub async fn delivery(&self) -> (Uuid, Uuid) {
        let hook = self.webhook().await;
        self.new_contact().await;
        let conn = &self.client.door.conn;
        let events =
            app::core::outbox::claim_due(conn, chrono::Utc::now(), 100, chrono::TimeDelta::zero())
                .await
                .expect("the outbox");
        for event in &events {
            fan_out(conn, event).await.expect("fan out");
        }
        let delivery = delivery::Entity::find()
            .filter(delivery::Column::WebhookId.eq(hook.id))
            .one(conn)
            .await
            .expect("the deliveries")
            .expect("the new contact's delivery");
        (hook.id, delivery.id)
    }

    /// A teammate the owner changes: never one of the people asking.
    pub async fn teammate(&self) -> User {
        self.client.door.user(&self.client.owner, "sales").await
    }

    /// A team the owner changes.
    pub async fn team(&self) -> Team {
        self.client.door.team(&self.client.owner, None).await
    }

    /// The customer's company.
    pub async fn company(&mut self) -> Uuid {
        self.contact()
            .await
            .company_id
            .expect("the customer's company")
    }
}
