//! What each person must be answered, endpoint by endpoint: the access rules of Banyan,
//! written down. The columns are, in order: the owner; team A's manager; team A's rep, whose
//! records are asked about; team B's rep; support; marketing; a visitor not signed in.
//!
//! `Y` done, `E` done with an empty list (nothing of the records asked about), `R` refused
//! (403), `H` hidden (404, as if the record did not exist), `S` sign in first (401), `I` the
//! request refused whoever sends it (a token only its holder has).

use analytics::history::Period;
use app::auth::api::*;
use app::auth::teams::api::*;
use app::auth::tokens::api::*;
use app::auth::two_factor::api::*;
use app::auth::types::SessionInfo;
use app::backup::api::*;
use app::backup::types::{Backups, ScheduleForm};
use app::campaigns::automation::api::*;
use app::campaigns::automation::types::RuleForm;
use app::campaigns::campaign::api::*;
use app::campaigns::campaign::types::{CampaignForm, Command};

use app::core::settings::types::WorkspaceSettings;
use app::customers::api::*;
use app::customers::companies::api::*;
use app::customers::companies::types::{Company, CompanyForm};
use app::customers::history::api::*;
use app::customers::history::types::{InteractionForm, OrderChange, OrderForm};
use app::customers::import::api::*;
use app::customers::import::types::{Field, ImportJob, ImportOptions, MatchKey};
use app::customers::segments::api::*;
use app::customers::segments::types::{Definition, NewSegment};
use app::customers::types::{Contact, ContactForm};
use app::dashboards::api::*;
use app::deals::api::*;
use app::deals::comments::api::*;
use app::deals::pipelines::api::*;
use app::deals::pipelines::types::{PipelineForm, StageForm};
use app::deals::tasks::api::*;
use app::deals::tasks::types::TaskForm;
use app::deals::types::{DealForm, Move, NewDeal};
use app::duplicates::api::*;
use app::duplicates::types::MergeForm;
use app::notifications::api::*;
use app::privacy::api::*;
use app::saved_views::api::*;
use app::shell::badges::GetBadges;
use app::sync::api::*;
use app::sync::types::{Queued, Write};
use app::system::api::*;
use app::tickets::api::*;
use app::tickets::attachments::api::*;
use app::tickets::desk::api::*;
use app::tickets::desk::types::{DeskForm, DeskSettings, Holiday, HolidayForm};
use app::tickets::report::api::*;
use app::tickets::satisfaction::api::*;
use app::tickets::satisfaction::types::RatingForm;
use app::tickets::types::{BulkChange, CannedForm, NewTicket, ReplyForm, Seen, TicketPatch};
use app::today::api::*;
use app::trail::api::*;
use app::ui::language_switch::SetLocale;
use app::web_forms::api::*;
use app::web_forms::types::WebFormForm;
use app::webhooks::api::*;
use app::workspace::api::*;
use axum::http::Method;
use uuid::Uuid;

use super::Answer;
use super::Who;
use super::client::{Call, INBOUND_SECRET, PASSWORD, restricted};
use super::records::Records;

const Y: Answer = Answer::Done;
const R: Answer = Answer::Refused;
const H: Answer = Answer::Hidden;
const S: Answer = Answer::SignIn;
const I: Answer = Answer::Invalid;
const E: Answer = Answer::Empty;

/// The table, and the request each row sends: `$r` names the cell's records in the requests.
macro_rules! table {
    ($r:ident; $($name:ident $expected:tt => $call:expr;)*) => {
        pub const TABLE: &[(&str, [Answer; 7])] = &[$((stringify!($name), $expected)),*];

        pub async fn call(name: &str, $r: &mut Records<'_>) -> Call {
            match name {
                $(stringify!($name) => $call,)*
                _ => unreachable!("{name} is in the table"),
            }
        }
    };
}

table! { r;
    // Signing in, and the people of the workspace.
    login [Y, Y, Y, Y, Y, Y, Y] => Call::form(Login {
        email: r.client.owner.email.clone(),
        password: PASSWORD.into(),
        next: None,
    });
    logout [Y, Y, Y, Y, Y, Y, S] => Call::form(Logout {});
    get_viewer [Y, Y, Y, Y, Y, Y, Y] => Call::form(GetViewer {});
    list_users [Y, R, R, R, R, R, S] => Call::form(ListUsers {});
    create_user [Y, R, R, R, R, R, S] => Call::form(CreateUser {
        email: format!("new.{}@acme.cn", r.unique()),
        name: "Zhou Jie".into(),
        role: "sales".into(),
        password: PASSWORD.into(),
    });
    make_password_link [Y, R, R, R, R, R, S] => Call::form(MakePasswordLink { id: r.rep().id });
    get_link_holder [I, I, I, I, I, I, I] => Call::form(GetLinkHolder { token: "forged".into() });
    accept_password_link [I, I, I, I, I, I, I] => Call::form(AcceptPasswordLink {
        token: "forged".into(),
        password: PASSWORD.into(),
    });
    update_user [Y, R, R, R, R, R, S] => {
        let user = r.teammate().await;
        Call::form(UpdateUser {
            id: user.id,
            name: user.name,
            role: "support".into(),
            active: true,
            version: user.version,
        })
    };
    reset_password [Y, R, R, R, R, R, S] => {
        let user = r.teammate().await;
        Call::form(ResetPassword { id: user.id, password: "another long password".into() })
    };
    change_password [Y, Y, Y, Y, Y, Y, S] => Call::form(ChangePassword {
        current_password: PASSWORD.into(),
        new_password: PASSWORD.into(),
    });
    list_sessions [Y, Y, Y, Y, Y, Y, S] => Call::form(ListSessions {});
    revoke_session [H, H, Y, H, H, H, S] => {
        // Listing them opens one more: the session asked about is another.
        let sessions: Vec<SessionInfo> = r.client.ask(Who::Rep, Call::form(ListSessions {})).await;
        let other = sessions.into_iter().find(|s| !s.current).expect("another session");
        Call::form(RevokeSession { id: other.id })
    };
    get_digest_hour [Y, Y, Y, Y, Y, Y, S] => Call::form(GetDigestHour {});
    set_digest_hour [Y, Y, Y, Y, Y, Y, S] => Call::form(SetDigestHour { hour: "8".into() });
    list_teams [Y, R, R, R, R, R, S] => Call::form(ListTeams {});
    create_team [Y, R, R, R, R, R, S] => Call::form(CreateTeam {
        name: format!("Team {}", r.unique()),
        lead_id: String::new(),
    });
    update_team [Y, R, R, R, R, R, S] => {
        let team = r.team().await;
        Call::form(UpdateTeam {
            id: team.id,
            name: format!("Team {}", r.unique()),
            lead_id: String::new(),
            version: team.version,
        })
    };
    delete_team [Y, R, R, R, R, R, S] => Call::form(DeleteTeam { id: r.team().await.id });
    assign_team [Y, R, R, R, R, R, S] => {
        let (user, team) = (r.teammate().await, r.team().await);
        Call::form(AssignTeam { id: user.id, team: team.id.to_string(), version: user.version })
    };

    // API tokens: each person's own.
    list_tokens [E, E, Y, E, E, E, S] => {
        r.token().await;
        Call::form(ListTokens {})
    };
    create_token [Y, Y, Y, Y, Y, Y, S] => Call::form(CreateToken {
        name: "ERP".into(),
        scopes: Some([("contacts".to_owned(), "read".to_owned())].into()),
        expires_days: "90".into(),
    });
    revoke_token [H, H, Y, H, H, H, S] => Call::form(RevokeToken { id: r.token().await.id });

    // Two-factor sign-in: a code is checked against a ticket only the password step gives.
    login_code [I, I, I, I, I, I, I] => Call::form(LoginCode {
        ticket: "forged".into(),
        code: "123456".into(),
        next: None,
    });
    login_enrol [I, I, I, I, I, I, I] => Call::form(LoginEnrol {
        ticket: "forged".into(),
        code: "123456".into(),
    });
    get_two_factor [Y, Y, Y, Y, Y, Y, S] => Call::form(GetTwoFactor {});
    begin_two_factor [Y, Y, Y, Y, Y, Y, S] => Call::form(BeginTwoFactor {});
    confirm_two_factor [I, I, I, I, I, I, S] => Call::form(ConfirmTwoFactor {
        ticket: "forged".into(),
        code: "123456".into(),
    });
    // Nobody here has a second factor: turning it off is done already, and there are no
    // codes to renew.
    turn_off_two_factor [Y, Y, Y, Y, Y, Y, S] => Call::form(TurnOffTwoFactor {
        password: PASSWORD.into(),
    });
    renew_recovery_codes [H, H, H, H, H, H, S] => Call::form(RenewRecoveryCodes {
        password: PASSWORD.into(),
    });
    get_two_factor_policy [Y, R, R, R, R, R, S] => Call::form(GetTwoFactorPolicy {});
    require_two_factor [Y, R, R, R, R, R, S] => Call::form(RequireTwoFactor {
        roles: None,
        was: String::new(),
    });
    // The teammate has no second factor: the owner is told there is none to remove.
    remove_two_factor [H, R, R, R, R, R, S] => Call::form(RemoveTwoFactor { id: r.rep().id });

    // The workspace.
    get_setup_state [Y, Y, Y, Y, Y, Y, Y] => Call::form(GetSetupState {});
    // Open to anyone until the workspace has its owner, then to nobody.
    setup_workspace [R, R, R, R, R, R, R] => Call::form(SetupWorkspace {
        company_name: "Another".into(),
        country: "CN".into(),
        time_zone: "Asia/Shanghai".into(),
        base_currency: "CNY".into(),
        default_locale: "en".into(),
        name: "Intruder".into(),
        email: "intruder@example.cn".into(),
        password: PASSWORD.into(),
    });
    get_settings [Y, Y, Y, Y, Y, Y, S] => Call::form(GetSettings {});
    update_settings [Y, R, R, R, R, R, S] => {
        let now: WorkspaceSettings = r.client.ask(Who::Owner, Call::form(GetSettings {})).await;
        Call::form(restricted(now))
    };
    list_rates [Y, Y, Y, Y, Y, Y, S] => {
        r.client.ask::<()>(Who::Owner, rate("HKD", "0.9")).await;
        Call::form(ListRates {})
    };
    save_rate [Y, R, R, R, R, R, S] => rate("USD", "7.1");
    remove_rate [Y, R, R, R, R, R, S] => {
        r.client.ask::<()>(Who::Owner, rate("EUR", "7.7")).await;
        Call::form(RemoveRate { currency: "EUR".into() })
    };
    set_locale [Y, Y, Y, Y, Y, Y, Y] => Call::form(SetLocale { locale: "zh-CN".into() });
    get_system_status [Y, R, R, R, R, R, S] => Call::form(GetSystemStatus {});
    get_backups [Y, R, R, R, R, R, S] => Call::form(GetBackups {});
    save_backup_schedule [Y, R, R, R, R, R, S] => {
        let now: Backups = r.client.ask(Who::Owner, Call::form(GetBackups {})).await;
        let form = ScheduleForm { daily: None, keep: "7".into(), version: now.version };
        Call::form(SaveBackupSchedule { form })
    };
    back_up_now [Y, R, R, R, R, R, S] => Call::form(BackUpNow {});
    // Webhooks: the owner's, as the workspace's settings are.
    list_webhooks [Y, R, R, R, R, R, S] => {
        r.webhook().await;
        Call::form(ListWebhooks {})
    };
    create_webhook [Y, R, R, R, R, R, S] => Call::form(r.new_webhook());
    set_webhook_active [Y, R, R, R, R, R, S] => {
        let hook = r.webhook().await;
        Call::form(SetWebhookActive { id: hook.id, active: false, version: hook.version })
    };
    delete_webhook [Y, R, R, R, R, R, S] => Call::form(DeleteWebhook { id: r.webhook().await.id });
    webhook_deliveries [Y, R, R, R, R, R, S] => {
        Call::form(WebhookDeliveries { id: r.delivery().await.0 })
    };
    send_delivery_again [Y, R, R, R, R, R, S] => {
        Call::form(SendDeliveryAgain { id: r.delivery().await.1 })
    };
    get_trail [Y, Y, R, R, R, R, S] => Call::form(GetTrail { query: Default::default() });
    check_trail [Y, Y, R, R, R, R, S] => Call::form(CheckTrail {});
    get_badges [Y, Y, Y, Y, Y, Y, S] => Call::form(GetBadges {});
    get_today [Y, Y, Y, Y, Y, Y, S] => Call::form(GetToday {});
    // The owner mentions the rep on their deal: that tells the rep, and only them.
    list_notifications [E, E, Y, E, E, E, S] => {
        r.comment(Who::Owner).await;
        Call::form(ListNotifications {})
    };
    read_notifications [Y, Y, Y, Y, Y, Y, S] => Call::form(ReadNotifications {});
    list_saved_views [E, E, Y, E, E, E, S] => {
        r.view().await;
        Call::form(ListSavedViews { list: "contacts".into() })
    };
    save_view [Y, Y, Y, Y, Y, Y, S] => Call::form(SaveView {
        list: "contacts".into(),
        name: format!("Mine {}", r.unique()),
        query: "?q=li".into(),
    });
    // A saved view is its maker's alone.
    delete_view [H, H, Y, H, H, H, S] => Call::form(DeleteView { id: r.view().await.id });

    // Customers.
    list_contacts [Y, Y, Y, Y, Y, Y, S] => Call::form(ListContacts { query: Default::default() });
    get_contact [Y, Y, Y, R, Y, Y, S] => Call::form(GetContact { id: r.contact().await.id });
    create_contact [Y, Y, Y, Y, R, R, S] => Call::form(CreateContact { form: ContactForm {
        name: format!("Sun Li {}", r.unique()),
        source: "phone".into(),
        lifecycle: "lead".into(),
        ..ContactForm::default()
    }});
    update_contact [Y, Y, Y, R, R, R, S] => {
        let contact = r.contact().await;
        Call::form(UpdateContact { id: contact.id, version: contact.version, form: ContactForm {
            name: contact.name,
            source: "email".into(),
            lifecycle: "customer".into(),
            city: "Hangzhou".into(),
            ..ContactForm::default()
        }})
    };
    archive_contact [Y, Y, Y, R, R, R, S] => {
        let contact = r.contact().await;
        Call::form(ArchiveContact { id: contact.id, version: contact.version, archived: true })
    };
    list_assignees [Y, Y, Y, Y, Y, Y, S] => Call::form(ListAssignees {});
    list_companies [Y, Y, Y, Y, Y, Y, S] => Call::form(ListCompanies { query: Default::default() });
    get_company [Y, Y, Y, R, Y, Y, S] => Call::form(GetCompany { id: r.company().await });
    update_company [Y, Y, Y, R, R, R, S] => {
        let id = r.company().await;
        let company: Company = r.client.ask(Who::Owner, Call::form(GetCompany { id })).await;
        Call::form(UpdateCompany { id, version: company.version, form: CompanyForm {
            name: company.name,
            city: "Ningbo".into(),
            ..CompanyForm::default()
        }})
    };
    get_company_totals [Y, Y, Y, R, Y, Y, S] =>
        Call::form(GetCompanyTotals { id: r.company().await });
    get_history [Y, Y, Y, R, Y, Y, S] =>
        Call::form(GetHistory { contact_id: r.contact().await.id, after: None });
    get_order_totals [Y, Y, Y, R, Y, Y, S] =>
        Call::form(GetOrderTotals { contact_id: r.contact().await.id });
    log_interaction [Y, Y, Y, R, Y, Y, S] => Call::form(LogInteraction {
        contact_id: r.contact().await.id,
        form: InteractionForm {
            kind: "call".into(),
            subject: "Asked about the delivery".into(),
            ..InteractionForm::default()
        },
    });
    add_order [Y, Y, Y, R, R, R, S] => Call::form(AddOrder {
        contact_id: r.contact().await.id,
        form: OrderForm {
            number: format!("SO-{}", r.unique()),
            ordered_on: "2026-11-20".into(),
            amount: "300".into(),
            currency: "CNY".into(),
            status: "paid".into(),
            note: String::new(),
            ..OrderForm::default()
        },
    });
    change_order [Y, Y, Y, H, R, R, S] => {
        let order = r.order().await;
        let change = OrderChange { status: Some("refunded".into()), note: None };
        Call::form(ChangeOrder { id: order.id, change, version: order.version })
    };
    erase_contact [Y, Y, R, R, R, R, S] => {
        let contact = r.contact().await;
        Call::form(EraseContact { id: contact.id, confirm: contact.name })
    };
    // A new customer without orders is like nobody yet.
    get_alike [E, E, E, E, E, E, S] => Call::form(GetAlike { contact: r.contact().await.id });

    // Imports, duplicates and segments.
    list_imports [Y, Y, R, R, R, R, S] => {
        let start = StartImport { id: r.import().await, options: import_options() };
        r.client.ask::<ImportJob>(Who::Owner, Call::json(start)).await;
        Call::form(ListImports {})
    };
    get_import [Y, Y, R, R, R, R, S] => Call::form(GetImport { id: r.import().await });
    preview_import [Y, Y, R, R, R, R, S] => Call::json(PreviewImport {
        id: r.import().await,
        options: import_options(),
    });
    start_import [Y, Y, R, R, R, R, S] => Call::json(StartImport {
        id: r.import().await,
        options: import_options(),
    });
    find_duplicates [Y, Y, R, R, R, R, S] => Call::form(FindDuplicates {});
    merge_candidates [Y, Y, R, R, R, R, S] => {
        let (a, b) = (r.new_contact().await, r.new_contact().await);
        Call::form(MergeCandidates { ids: vec![a.id, b.id] })
    };
    merge_contacts [Y, Y, R, R, R, R, S] => {
        let (a, b) = (r.new_contact().await, r.new_contact().await);
        Call::form(MergeContacts { form: MergeForm {
            survivor: a.id,
            contacts: vec![a.id, b.id],
            versions: vec![a.version, b.version],
            choices: Default::default(),
        }})
    };
    undo_merge [Y, Y, R, R, R, R, S] => Call::form(UndoMerge { id: r.merge().await.1.id });
    list_merges [Y, Y, Y, R, Y, Y, S] =>
        Call::form(ListMerges { contact_id: r.merge().await.0.id });
    list_segments [Y, Y, Y, Y, Y, Y, S] => {
        r.segment().await;
        Call::form(ListSegments {})
    };
    save_segment [Y, Y, R, R, R, Y, S] => Call::json(SaveSegment { segment: NewSegment {
        name: format!("Hangzhou {}", r.unique()),
        definition: Definition::Rules(Default::default()),
        contacts: Vec::new(),
    }});
    refresh_segment [Y, Y, R, R, R, Y, S] => {
        let segment = r.segment().await;
        Call::form(RefreshSegment { id: segment.id, version: segment.version })
    };
    delete_segment [Y, Y, R, R, R, Y, S] => {
        let segment = r.segment().await;
        Call::form(DeleteSegment { id: segment.id, version: segment.version })
    };
    get_value_report [Y, Y, Y, Y, Y, Y, S] => Call::form(GetValueReport { period: Period::Month });
    get_ledger [Y, Y, Y, Y, Y, Y, S] => Call::form(GetLedger {});

    // Deals, tasks and comments.
    list_pipelines [Y, Y, Y, Y, Y, Y, S] => Call::form(ListPipelines {});
    save_pipeline [Y, Y, R, R, R, R, S] => Call::form(SavePipeline { form: PipelineForm {
        name: format!("Projects {}", r.unique()),
        stages: [("Talking", "20", "open"), ("Signed", "100", "won"), ("Lost", "0", "lost")]
            .map(|(name, probability, kind)| StageForm {
                name: name.into(),
                probability: probability.into(),
                kind: kind.into(),
                ..StageForm::default()
            })
            .into(),
        ..PipelineForm::default()
    }});
    get_board [Y, Y, Y, Y, Y, Y, S] => Call::form(GetBoard { query: Default::default() });
    more_cards [Y, Y, Y, Y, Y, Y, S] => {
        let deal = r.deal().await;
        Call::form(MoreCards { query: Default::default(), stage_id: deal.stage_id, after: deal.id })
    };
    move_deal [Y, Y, Y, R, R, R, S] => {
        let deal = r.deal().await;
        let to = Move { stage_id: r.second_stage(), ..Move::default() };
        Call::form(MoveDeal { id: deal.id, version: deal.version, to })
    };
    create_deal [Y, Y, Y, R, R, R, S] => Call::form(CreateDeal { deal: NewDeal {
        title: format!("Autumn order {}", r.unique()),
        amount: "5000".into(),
        currency: "CNY".into(),
        stage_id: r.first_stage(),
        contact_id: Some(r.contact().await.id),
        id: None,
    }});
    get_deal [Y, Y, Y, R, Y, Y, S] => Call::form(GetDeal { id: r.deal().await.id });
    deal_history [Y, Y, Y, R, Y, Y, S] => Call::form(DealHistory { id: r.deal().await.id });
    update_deal [Y, Y, Y, R, R, R, S] => {
        let deal = r.deal().await;
        Call::form(UpdateDeal { id: deal.id, version: deal.version, form: DealForm {
            title: deal.title,
            amount: "13000".into(),
            currency: "CNY".into(),
            ..DealForm::default()
        }})
    };
    contact_deals [Y, Y, Y, R, Y, Y, S] => {
        r.deal().await;
        Call::form(ContactDeals { contact_id: r.contact().await.id })
    };
    get_forecast [Y, Y, Y, Y, Y, Y, S] => Call::form(GetForecast { pipeline: None });
    list_comments [Y, Y, Y, R, Y, Y, S] => {
        r.comment(Who::Rep).await;
        Call::form(ListComments { deal_id: r.deal().await.id })
    };
    add_comment [Y, Y, Y, R, Y, Y, S] => Call::form(AddComment {
        deal_id: r.deal().await.id,
        body: "Asked for a discount.".into(),
    });
    my_tasks [Y, Y, Y, Y, Y, Y, S] => Call::form(MyTasks {});
    record_tasks [Y, Y, Y, R, Y, Y, S] => {
        let task = r.task().await;
        Call::form(RecordTasks { deal_id: task.deal_id, contact_id: None })
    };
    create_task [Y, Y, Y, R, Y, Y, S] => Call::form(CreateTask { form: TaskForm {
        title: "Send the quote".into(),
        due: "2027-01-12T10:00".into(),
        deal_id: Some(r.deal().await.id),
        ..Default::default()
    }});
    finish_task [Y, Y, Y, R, R, R, S] => {
        let task = r.task().await;
        Call::form(FinishTask { id: task.id, version: task.version, done: true })
    };
    reschedule_task [Y, Y, Y, R, R, R, S] => {
        let task = r.task().await;
        let due = "2027-02-01T10:00".into();
        Call::form(RescheduleTask { id: task.id, version: task.version, due })
    };
    snooze_task [Y, Y, Y, R, R, R, S] => {
        let task = r.task().await;
        Call::form(SnoozeTask { id: task.id, version: task.version })
    };
    // What a phone queued while offline: each write answered on its own, in the batch's body.
    sync_writes [Y, Y, Y, R, Y, Y, S] => Call::json(SyncWrites { writes: vec![Queued {
        id: Uuid::now_v7(),
        write: Write::Log {
            contact: r.contact().await.id,
            form: InteractionForm {
                id: Some(Uuid::now_v7()),
                kind: "call".into(),
                subject: "Visited the shop".into(),
                ..InteractionForm::default()
            },
        },
    }]}).in_batch();
    get_field_data [Y, Y, Y, Y, Y, Y, S] => Call::form(GetFieldData { since: None });

    // The desk.
    get_inbox [Y, Y, Y, Y, Y, R, S] => Call::form(GetInbox { query: Default::default() });
    inbox_counts [Y, Y, Y, Y, Y, R, S] => Call::form(InboxCounts {});
    get_ticket [Y, Y, Y, H, Y, R, S] => Call::form(GetTicket { id: r.ticket().await.id });
    create_ticket [Y, Y, R, R, Y, R, S] => Call::form(CreateTicket { form: NewTicket {
        contact_id: Some(r.contact().await.id),
        subject: "Broken handle".into(),
        body: "The handle came off.".into(),
        ..NewTicket::default()
    }});
    reply_ticket [Y, Y, R, R, Y, R, S] => {
        let ticket = r.ticket().await;
        Call::form(ReplyTicket { id: ticket.id, version: ticket.version, form: ReplyForm {
            body: "It left our warehouse today.".into(),
            ..ReplyForm::default()
        }})
    };
    update_ticket [Y, Y, R, R, Y, R, S] => {
        let ticket = r.ticket().await;
        Call::form(UpdateTicket { id: ticket.id, version: ticket.version, patch: TicketPatch {
            status: "pending".into(),
            priority: "high".into(),
            ..TicketPatch::default()
        }})
    };
    bulk_update_tickets [Y, Y, R, R, Y, R, S] => {
        let ticket = r.ticket().await;
        Call::form(BulkUpdateTickets { form: BulkChange {
            picked: vec![Seen { id: ticket.id, version: ticket.version }],
            priority: "low".into(),
            ..BulkChange::default()
        }})
    };
    contact_tickets [Y, Y, Y, E, Y, R, S] => {
        let ticket = r.ticket().await;
        Call::form(ContactTickets { contact_id: ticket.contact_id })
    };
    ticket_agents [Y, Y, Y, Y, Y, R, S] => Call::form(TicketAgents {});
    list_canned [Y, Y, Y, Y, Y, R, S] => {
        r.canned().await;
        Call::form(ListCanned {})
    };
    save_canned [Y, Y, R, R, Y, R, S] => Call::form(SaveCanned { form: CannedForm {
        title: format!("Sorry {}", r.unique()),
        body: "Sorry for the wait.".into(),
    }});
    remove_canned [Y, Y, R, R, Y, R, S] => Call::form(RemoveCanned { id: r.canned().await.id });
    // A file not yet sent is its uploader's alone.
    discard_attachment [H, H, H, H, Y, H, S] =>
        Call::form(DiscardAttachment { id: r.upload().await.id });
    get_desk [Y, Y, Y, Y, Y, R, S] => Call::form(GetDesk {});
    save_desk [Y, Y, R, R, R, R, S] => {
        let desk: DeskSettings = r.client.ask(Who::Owner, Call::form(GetDesk {})).await;
        Call::form(SaveDesk { form: DeskForm {
            version: desk.version,
            days: vec!["1".into(), "2".into()],
            opens: "09:00".into(),
            closes: "18:00".into(),
            ..DeskForm::default()
        }})
    };
    add_holiday [Y, Y, R, R, R, R, S] => Call::form(AddHoliday { form: HolidayForm {
        day: format!("2027-10-{:02}", 1 + r.unique() % 28),
        name: "National Day".into(),
    }});
    remove_holiday [Y, Y, R, R, R, R, S] => {
        let day = format!("2028-05-{:02}", 1 + r.unique() % 28);
        let add = AddHoliday { form: HolidayForm { day: day.clone(), name: "Labour Day".into() } };
        r.client.ask::<Vec<Holiday>>(Who::Owner, Call::form(add)).await;
        Call::form(RemoveHoliday { day: day.parse().expect("a day") })
    };
    get_sla_report [Y, Y, R, R, Y, R, S] => Call::form(GetSlaReport { days: 30 });
    get_survey [I, I, I, I, I, I, I] => Call::form(GetSurvey { token: "forged".into() });
    rate_ticket [I, I, I, I, I, I, I] => Call::form(RateTicket { form: RatingForm {
        token: "forged".into(),
        score: "5".into(),
        comment: String::new(),
    }});

    // Campaigns, automation and web forms.
    list_campaigns [Y, Y, R, R, R, Y, S] => {
        r.campaign().await;
        Call::form(ListCampaigns {})
    };
    get_campaign [Y, Y, R, R, R, Y, S] => Call::form(GetCampaign { id: r.campaign().await.id });
    save_campaign [Y, Y, R, R, R, Y, S] => Call::form(SaveCampaign { form: CampaignForm {
        name: format!("Autumn {}", r.unique()),
        segment_id: r.segment().await.id.to_string(),
        subject: "Autumn".into(),
        text: "Hello".into(),
        ..CampaignForm::default()
    }});
    change_campaign [Y, Y, R, R, R, Y, S] => {
        let campaign = r.campaign().await;
        Call::form(ChangeCampaign {
            id: campaign.id,
            version: campaign.version,
            command: Command::Schedule,
            at: "2027-03-01T09:00".into(),
        })
    };
    campaign_sample [Y, Y, R, R, R, Y, S] =>
        Call::form(CampaignSample { id: r.campaign().await.id });
    preview_campaign [Y, Y, R, R, R, Y, S] =>
        Call::form(PreviewCampaign { id: r.campaign().await.id, contact: None });
    test_send_campaign [Y, Y, R, R, R, Y, S] =>
        Call::form(TestSendCampaign { id: r.campaign().await.id, contact: None });
    campaign_report [Y, Y, R, R, R, Y, S] =>
        Call::form(CampaignReport { id: r.campaign().await.id, days: 30 });
    set_campaign_cost [Y, Y, R, R, R, Y, S] => {
        let campaign = r.campaign().await;
        let cost = "800".into();
        Call::form(SetCampaignCost { id: campaign.id, version: campaign.version, cost })
    };
    set_subscription [I, I, I, I, I, I, I] =>
        Call::form(SetSubscription { token: "forged".into(), subscribed: false });
    list_rules [Y, Y, R, R, R, Y, S] => {
        r.rule().await;
        Call::form(ListRules {})
    };
    get_rule [Y, Y, R, R, R, Y, S] => Call::form(GetRule { id: r.rule().await.id });
    save_rule [Y, Y, R, R, R, Y, S] => Call::form(SaveRule { form: RuleForm {
        name: format!("Welcome {}", r.unique()),
        trigger: "contact.created".into(),
        task_title: "Welcome them".into(),
        ..Default::default()
    }});
    delete_rule [Y, Y, R, R, R, Y, S] => {
        let rule = r.rule().await;
        Call::form(DeleteRule { id: rule.id, version: rule.version })
    };
    // A new rule has not run yet.
    rule_runs [E, E, R, R, R, E, S] => Call::form(RuleRuns { id: r.rule().await.id });
    list_web_forms [Y, R, R, R, R, R, S] => {
        r.web_form().await;
        Call::form(ListWebForms {})
    };
    create_web_form [Y, R, R, R, R, R, S] => Call::form(CreateWebForm { form: WebFormForm {
        name: format!("Quote request {}", r.unique()),
        ..WebFormForm::default()
    }});
    set_web_form_active [Y, R, R, R, R, R, S] =>
        Call::form(SetWebFormActive { id: r.web_form().await.id, active: false });

    // The REST API, called with a token of the person's.
    api_contacts [Y, Y, Y, Y, Y, Y, S] =>
        Call::rest(Method::GET, "/api/v1/contacts", "/api/v1/contacts").with_token(&["contacts:read"]);
    api_contact [Y, Y, Y, R, Y, Y, S] => {
        let id = r.contact().await.id;
        Call::rest(Method::GET, "/api/v1/contacts/{id}", format!("/api/v1/contacts/{id}"))
            .with_token(&["contacts:read"])
    };

    api_create_contact [Y, Y, Y, Y, R, R, S] =>
        Call::rest(Method::POST, "/api/v1/contacts", "/api/v1/contacts")
            .with_token(&["contacts:write"])
            .with_body(JSON, format!(r#"{{"name": "Qian Yu {}", "city": "杭州"}}"#, r.unique()));
    api_update_contact [Y, Y, Y, R, R, R, S] => city_change(r.contact().await, &["contacts:write"]);
    // A token that may read contacts does not change them.
    api_update_contact_reading [R, R, R, R, R, R, S] =>
        city_change(r.contact().await, &["contacts:read"]);
    api_contact_history [Y, Y, Y, R, Y, Y, S] => {
        let id = r.contact().await.id;
        let path = format!("/api/v1/contacts/{id}/history");
        Call::rest(Method::GET, "/api/v1/contacts/{id}/history", path).with_token(&["contacts:read"])
    };
    api_log_interaction [Y, Y, Y, R, Y, Y, S] => {
        let id = r.contact().await.id;
        let path = format!("/api/v1/contacts/{id}/interactions");
        Call::rest(Method::POST, "/api/v1/contacts/{id}/interactions", path)
            .with_token(&["contacts:write"])
            .with_body(JSON, r#"{"kind": "call", "direction": "outbound", "subject": "Asked about the delivery"}"#)
    };
    api_orders [Y, Y, Y, Y, Y, Y, S] =>
        Call::rest(Method::GET, "/api/v1/orders", "/api/v1/orders").with_token(&["contacts:read"]);
    api_create_order [Y, Y, Y, R, R, R, S] => {
        let contact = r.contact().await.id;
        Call::rest(Method::POST, "/api/v1/orders", "/api/v1/orders")
            .with_token(&["contacts:write"])
            .with_body(JSON, format!(
                r#"{{"contact_id": "{contact}", "ordered_on": "2026-12-01", "external_id": "ERP-{}",
                    "lines": [{{"description": "Oolong, 500 g", "quantity": 3, "unit_amount": 150}}]}}"#,
                r.unique()
            ))
    };
    api_order [Y, Y, Y, H, Y, Y, S] => {
        let id = r.order().await.id;
        Call::rest(Method::GET, "/api/v1/orders/{id}", format!("/api/v1/orders/{id}"))
            .with_token(&["contacts:read"])
    };
    api_update_order [Y, Y, Y, H, R, R, S] => {
        let order = r.order().await;
        Call::rest(Method::PATCH, "/api/v1/orders/{id}", format!("/api/v1/orders/{}", order.id))
            .with_token(&["contacts:write"])
            .at_version(order.version)
            .with_body(JSON, r#"{"status": "cancelled", "note": "Out of stock"}"#)
    };
    api_pipelines [Y, Y, Y, Y, Y, Y, S] =>
        Call::rest(Method::GET, "/api/v1/pipelines", "/api/v1/pipelines").with_token(&["deals:read"]);
    api_segments [Y, Y, Y, Y, Y, Y, S] => {
        r.segment().await;
        Call::rest(Method::GET, "/api/v1/segments", "/api/v1/segments").with_token(&["contacts:read"])
    };
    api_my_tasks [Y, Y, Y, Y, Y, Y, S] =>
        Call::rest(Method::GET, "/api/v1/tasks", "/api/v1/tasks").with_token(&["deals:read"]);
    api_create_task [Y, Y, Y, R, Y, Y, S] => {
        let deal = r.deal().await.id;
        Call::rest(Method::POST, "/api/v1/tasks", "/api/v1/tasks")
            .with_token(&["deals:write"])
            .with_body(JSON, format!(
                r#"{{"title": "Send the quote", "due": "2027-01-12T10:00:00+08:00", "deal_id": "{deal}"}}"#
            ))
    };
    api_task [Y, Y, Y, R, R, R, S] => {
        let id = r.task().await.id;
        Call::rest(Method::GET, "/api/v1/tasks/{id}", format!("/api/v1/tasks/{id}")).with_token(&["deals:read"])
    };
    api_update_task [Y, Y, Y, R, R, R, S] => {
        let task = r.task().await;
        Call::rest(Method::PATCH, "/api/v1/tasks/{id}", format!("/api/v1/tasks/{}", task.id))
            .with_token(&["deals:write"])
            .at_version(task.version)
            .with_body(JSON, r#"{"due": "2027-02-01T10:00", "done": true}"#)
    };
    api_companies [Y, Y, Y, Y, Y, Y, S] =>
        Call::rest(Method::GET, "/api/v1/companies", "/api/v1/companies").with_token(&["contacts:read"]);
    api_company [Y, Y, Y, R, Y, Y, S] => {
        let id = r.company().await;
        Call::rest(Method::GET, "/api/v1/companies/{id}", format!("/api/v1/companies/{id}"))
            .with_token(&["contacts:read"])
    };
    api_update_company [Y, Y, Y, R, R, R, S] => {
        let id = r.company().await;
        let company: Company = r.client.ask(Who::Owner, Call::form(GetCompany { id })).await;
        Call::rest(Method::PATCH, "/api/v1/companies/{id}", format!("/api/v1/companies/{id}"))
            .with_token(&["contacts:write"])
            .at_version(company.version)
            .with_body(JSON, r#"{"city": "宁波"}"#)
    };
    api_deals [Y, Y, Y, Y, Y, Y, S] => {
        r.deal().await;
        Call::rest(Method::GET, "/api/v1/deals", "/api/v1/deals").with_token(&["deals:read"])
    };
    api_create_deal [Y, Y, Y, R, R, R, S] => {
        let (stage, contact) = (r.first_stage(), r.contact().await.id);
        let title = format!("Autumn order {}", r.unique());
        Call::rest(Method::POST, "/api/v1/deals", "/api/v1/deals")
            .with_token(&["deals:write"])
            .with_body(JSON, format!(
                r#"{{"title": "{title}", "amount": 5000, "stage_id": "{stage}", "contact_id": "{contact}"}}"#
            ))
    };
    api_update_deal [Y, Y, Y, R, R, R, S] => {
        let (deal, stage) = (r.deal().await, r.second_stage());
        Call::rest(Method::PATCH, "/api/v1/deals/{id}", format!("/api/v1/deals/{}", deal.id))
            .with_token(&["deals:write"])
            .at_version(deal.version)
            .with_body(JSON, format!(r#"{{"amount": "13,000", "stage_id": "{stage}"}}"#))
    };
    api_deal [Y, Y, Y, R, Y, Y, S] => {
        let id = r.deal().await.id;
        Call::rest(Method::GET, "/api/v1/deals/{id}", format!("/api/v1/deals/{id}"))
            .with_token(&["deals:read"])
    };
    api_tickets [Y, Y, Y, Y, Y, R, S] =>
        Call::rest(Method::GET, "/api/v1/tickets", "/api/v1/tickets").with_token(&["tickets:read"]);
    api_ticket [Y, Y, Y, H, Y, R, S] => {
        let id = r.ticket().await.id;
        Call::rest(Method::GET, "/api/v1/tickets/{id}", format!("/api/v1/tickets/{id}"))
            .with_token(&["tickets:read"])
    };
    api_create_ticket [Y, Y, R, R, Y, R, S] => {
        let contact = r.contact().await.id;
        Call::rest(Method::POST, "/api/v1/tickets", "/api/v1/tickets")
            .with_token(&["tickets:write"])
            .with_body(JSON, format!(
                r#"{{"contact_id": "{contact}", "subject": "Broken lid", "body": "It cracked."}}"#
            ))
    };
    api_update_ticket [Y, Y, R, H, Y, R, S] => {
        let ticket = r.ticket().await;
        Call::rest(Method::PATCH, "/api/v1/tickets/{id}", format!("/api/v1/tickets/{}", ticket.id))
            .with_token(&["tickets:write"])
            .at_version(ticket.version)
            .with_body(JSON, r#"{"status": "pending"}"#)
    };
    api_add_ticket_message [Y, Y, R, R, Y, R, S] => {
        let ticket = r.ticket().await;
        let path = format!("/api/v1/tickets/{}/messages", ticket.id);
        Call::rest(Method::POST, "/api/v1/tickets/{id}/messages", path)
            .with_token(&["tickets:write"])
            .at_version(ticket.version)
            .with_body(JSON, r#"{"body": "It left our warehouse today."}"#)
    };
    api_campaigns [Y, Y, R, R, R, Y, S] => {
        r.campaign().await;
        Call::rest(Method::GET, "/api/v1/campaigns", "/api/v1/campaigns").with_token(&["campaigns:read"])
    };
    api_campaign [Y, Y, R, R, R, Y, S] => {
        let id = r.campaign().await.id;
        Call::rest(Method::GET, "/api/v1/campaigns/{id}", format!("/api/v1/campaigns/{id}"))
            .with_token(&["campaigns:read"])
    };
    api_campaign_report [Y, Y, R, R, R, Y, S] => {
        let id = r.campaign().await.id;
        let path = format!("/api/v1/campaigns/{id}/report?days=14");
        Call::rest(Method::GET, "/api/v1/campaigns/{id}/report", path).with_token(&["campaigns:read"])
    };
    // A token is refused outside its scopes, whoever made it.
    api_contacts_without_scope [R, R, R, R, R, R, S] =>
        Call::rest(Method::GET, "/api/v1/contacts", "/api/v1/contacts").with_token(&["deals:read"]);

    // The REST endpoints.
    healthz [Y, Y, Y, Y, Y, Y, Y] => Call::rest(Method::GET, "/healthz", "/healthz");
    export_contacts [Y, Y, Y, Y, Y, Y, S] =>
        Call::rest(Method::GET, "/api/export/contacts", "/api/export/contacts");
    export_audit [Y, Y, R, R, R, R, S] =>
        Call::rest(Method::GET, "/api/audit.csv", "/api/audit.csv");
    export_contact [Y, Y, Y, R, Y, Y, S] => {
        let id = r.contact().await.id;
        Call::rest(Method::GET, "/api/export/contacts/{id}", format!("/api/export/contacts/{id}"))
    };
    upload_import [Y, Y, R, R, R, R, S] =>
        Call::rest(Method::POST, crate::api::imports::PATH, crate::api::imports::PATH)
            .with_file(&[("kind", "contacts")], "contacts.csv", b"name\nZhao Lei\n");
    rejected_rows [Y, Y, R, R, R, R, S] => {
        let id = r.import().await;
        let route = "/api/imports/{id}/rejected.csv";
        Call::rest(Method::GET, route, format!("/api/imports/{id}/rejected.csv"))
    };
    upload_attachment [Y, Y, R, R, Y, R, S] => {
        let id = r.ticket().await.id;
        let route = "/api/tickets/{id}/attachments";
        Call::rest(Method::POST, route, format!("/api/tickets/{id}/attachments"))
            .with_file(&[], "photo.png", b"\x89PNG\r\n\x1a\n")
    };
    download_attachment [Y, Y, Y, H, Y, R, S] => {
        let id = r.attachment().await.id;
        Call::rest(Method::GET, "/api/attachments/{id}", format!("/api/attachments/{id}"))
    };
    // Mail forwarded by the operator's mail server: the secret is the credential, not a session.
    inbound_email [Y, Y, Y, Y, Y, Y, Y] =>
        Call::rest(Method::POST, crate::api::inbound::PATH, crate::api::inbound::PATH)
            .with_header("authorization", format!("Bearer {INBOUND_SECRET}"))
            .with_body("message/rfc822", inbound_mail(r.unique()));
    // Links in campaign mail: a forged one is answered as a link that does not exist, and the
    // unsubscribe page says so.
    unsubscribe_one_click [H, H, H, H, H, H, H] => Call::rest(
        Method::POST,
        crate::api::unsubscribe::ONE_CLICK,
        format!("{}?t=forged", crate::api::unsubscribe::ONE_CLICK),
    );
    unsubscribe_open [Y, Y, Y, Y, Y, Y, Y] => Call::rest(
        Method::GET,
        crate::api::unsubscribe::ONE_CLICK,
        format!("{}?t=forged", crate::api::unsubscribe::ONE_CLICK),
    );
    track_open [H, H, H, H, H, H, H] => {
        let path = app::campaigns::campaign::service::tracking::OPEN_PATH;
        Call::rest(Method::GET, path, format!("{path}?t=forged"))
    };
    track_click [H, H, H, H, H, H, H] => {
        let path = app::campaigns::campaign::service::tracking::CLICK_PATH;
        Call::rest(Method::GET, path, format!("{path}?t=forged"))
    };
    // A website's browser asks before it posts a form from another address.
    web_form_preflight [Y, Y, Y, Y, Y, Y, Y] => {
        let key = r.web_form().await.key;
        Call::rest(Method::OPTIONS, "/f/{key}", format!("/f/{key}"))
    };
    submit_web_form [Y, Y, Y, Y, Y, Y, Y] => {
        let key = r.web_form().await.key;
        Call::rest(Method::POST, "/f/{key}", format!("/f/{key}"))
            .with_body(FORM, format!("name=Qian+Yu&email=qian.{}%40example.cn", r.unique()))
    };
}

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// A program's change of a contact's city, with a token of `scopes`.
fn city_change(contact: Contact, scopes: &'static [&'static str]) -> Call {
    let path = format!("/api/v1/contacts/{}", contact.id);
    Call::rest(Method::PATCH, "/api/v1/contacts/{id}", path)
        .with_token(scopes)
        .at_version(contact.version)
        .with_body(JSON, r#"{"city": "苏州"}"#)
}

fn rate(currency: &str, rate: &str) -> Call {
    Call::form(SaveRate {
        currency: currency.into(),
        rate: rate.into(),
    })
}

fn import_options() -> ImportOptions {
    ImportOptions {
        columns: vec![Some(Field::Name), Some(Field::Email)],
        match_keys: vec![MatchKey::Email],
        ..ImportOptions::default()
    }
}

fn inbound_mail(n: u32) -> Vec<u8> {
    format!(
        "From: Qian Yu <qian.{n}@example.cn>\r\nTo: help@desk.acme.cn\r\n\
         Subject: Order {n}\r\nMessage-ID: <m{n}@example.cn>\r\n\r\nWhere is it?\r\n"
    )
    .into_bytes()
}
