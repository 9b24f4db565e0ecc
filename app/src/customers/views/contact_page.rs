use leptos::prelude::*;

use super::KeptContacts;
use super::action_bar::ActionBar;
use crate::core::actor::Viewer;
use crate::core::offline::{served_or_kept, use_reach};
use crate::core::policy::{self, Action, Owned, Rules};
use crate::customers::api::{ArchiveContact, get_contact};
use crate::customers::history::views::{QuickLog, Timeline};
use crate::customers::types::Contact;
use crate::error::AppError;
use crate::i18n::format::datetime;
use crate::i18n::{Locale, fill, use_messages};
use crate::ui::form::{FormAlert, answer_of};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::params::use_id_param;
use crate::ui::viewer::use_viewer;

/// What a section of a contact's page is drawn from.
pub struct ContactPanel<'a> {
    pub contact: &'a Contact,
    pub viewer: &'a Viewer,
    /// Raised by a section that changed the contact (an undone merge), so that the page reads
    /// them again.
    pub changed: RwSignal<u32>,
}

/// One section of a contact's page, drawn by a feature that builds on contacts.
pub type ContactSection = fn(&ContactPanel) -> AnyView;

/// What the features built on contacts add to a contact's page, in order: buttons among the
/// card's own, and sections under the card (deals, tasks, tickets…). The app provides them,
/// so that contacts need not know the features above them.
#[derive(Clone, Copy, Default)]
pub struct ContactSections {
    pub actions: &'static [ContactSection],
    pub below: &'static [ContactSection],
}

/// One contact: who they are, how to reach them, and what to do next.
#[component]
pub fn ContactPage() -> impl IntoView {
    let t = use_messages();
    let archive = ServerAction::<ArchiveContact>::new();
    let changed = RwSignal::new(0_u32);
    let sections = use_context::<ContactSections>().unwrap_or_default();
    let id = use_id_param();
    let reach = use_reach();
    let kept = use_context::<KeptContacts>();
    let contact = Resource::new(
        move || {
            (
                id(),
                archive.version().get(),
                changed.get(),
                reach.back.get(),
            )
        },
        move |(id, _, _, _)| {
            let served = async move { get_contact(id.ok_or(AppError::NotFound)?).await };
            served_or_kept(
                reach,
                served,
                kept.zip(id).map(|(k, id)| move || (k.contact)(id)),
            )
        },
    );
    let viewer = use_viewer();
    provide_context(QuickLog {
        call: RwSignal::new(false),
        note: RwSignal::new(false),
    });
    view! {
        <Page title=t.contact_title>
            <FormAlert answer=answer_of(archive) />
            <Loading>
                {move || Suspend::new(async move {
                    let viewer = viewer.await?.ok_or(AppError::Unauthorized)?;
                    let contact = contact.await?;
                    let owned = Owned { owner: contact.owner_id, team: None };
                    let can_order = policy::allows(&viewer.user, Action::EditCustomer(owned), Rules::default());
                    let panel = ContactPanel { contact: &contact, viewer: &viewer, changed };
                    let actions: Vec<AnyView> = sections.actions.iter().map(|section| section(&panel)).collect();
                    let below: Vec<AnyView> = sections.below.iter().map(|section| section(&panel)).collect();
                    let contact_id = contact.id;
                    let zone = viewer.time_zone.clone();
                    // Offline the sections of the features above contacts need the server.
                    let below = if reach.offline.get_untracked() {
                        view! { <p class="muted">{t.offline_more}</p> }.into_any()
                    } else {
                        below.into_any()
                    };
                    Ok::<_, AppError>(view! {
                        <ActionBar name=contact.name.clone() phone=contact.phone.clone() />
                        <ContactCard contact zone archive actions />
                        {below}
                        <Timeline contact_id viewer can_order />
                    })
                })}
            </Loading>
        </Page>
    }
}

#[component]
fn ContactCard(
    contact: Contact,
    zone: String,
    archive: ServerAction<ArchiveContact>,
    /// The buttons that features above contacts add (erasing the person, for one).
    actions: Vec<AnyView>,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let email_link = contact.email.clone().map(
        |e| view! { <a class="button secondary" href=format!("mailto:{e}")>{t.write_email}</a> },
    );
    let facts = [
        (t.field_company, contact.company_name.clone()),
        (t.field_email, contact.email.clone()),
        (t.field_phone, contact.phone.clone()),
        (t.field_wechat, contact.wechat_id.clone()),
        (t.field_city, contact.city.clone()),
        (
            t.field_lifecycle,
            Some(t.lifecycle(contact.lifecycle).to_owned()),
        ),
        (t.field_source, Some(t.source(contact.source).to_owned())),
        (t.field_owner, contact.owner_name.clone()),
        (
            t.tags,
            Some(contact.tags.join(", ")).filter(|s| !s.is_empty()),
        ),
        (
            t.field_marketing_consent,
            Some(
                if contact.marketing_consent {
                    t.yes
                } else {
                    t.no
                }
                .to_owned(),
            ),
        ),
        (
            t.field_created,
            Some(datetime(contact.created_at, &zone, locale)),
        ),
        (
            t.field_updated,
            Some(datetime(contact.updated_at, &zone, locale)),
        ),
    ];
    let (id, version) = (contact.id, contact.version);
    let company = contact.company_id.zip(contact.company_name.clone());
    view! {
        <section class="card" data-testid="contact">
            <h2 class="contact-name">
                {contact.name}
                {contact.archived.then(|| view! { <span class="badge">{t.archived}</span> })}
            </h2>
            <div class="actions">
                {email_link}
                <a class="button" href=format!("/contacts/{id}/edit")>{t.edit}</a>
                <ActionForm action=archive>
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="version" value=version.to_string() />
                    <input type="hidden" name="archived" value=(!contact.archived).to_string() />
                    <button type="submit" class="button secondary">
                        {if contact.archived { t.restore } else { t.archive }}
                    </button>
                </ActionForm>
            </div>
            <dl class="facts">
                {facts
                    .into_iter()
                    .filter_map(|(label, value)| value.map(|v| view! { <dt>{label}</dt><dd>{v}</dd> }))
                    .collect_view()}
            </dl>
            <div class="actions">
                {company.map(|(company_id, company)| {
                    view! {
                        <a class="button secondary" href=format!("/companies/{company_id}")>
                            {fill(t.company_open, &[("company", &company)])}
                        </a>
                        <a class="button secondary" href=format!("/contacts?company={company_id}")>
                            {fill(t.company_people, &[("company", &company)])}
                        </a>
                    }
                })}
                <a class="button secondary" href=format!("/api/export/contacts/{id}") download>
                    {t.contact_export}
                </a>
                {actions}
            </div>
        </section>
    }
}
