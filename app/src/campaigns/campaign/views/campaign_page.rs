use std::time::Duration;

use leptos::prelude::*;

use super::campaign_form::CampaignForm;
use super::preview::PreviewPanel;
use super::report::ReportPanel;
use super::status_label;
use crate::campaigns::campaign::api::{
    ChangeCampaign, SaveCampaign, SetCampaignCost, get_campaign,
};
use crate::campaigns::campaign::types::{Campaign, Command, DEFAULT_CONVERSION_DAYS, Status};
use crate::customers::segments::api::list_segments;
use crate::error::AppError;
use crate::i18n::format::datetime;
use crate::i18n::{Locale, use_messages};
use crate::ui::form::{FormAlert, answer_of, successes};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::params::use_id_param;
use crate::ui::viewer::use_viewer;

/// Writing a new campaign: once saved, its own page takes over.
#[component]
pub fn NewCampaignPage() -> impl IntoView {
    let t = use_messages();
    let save = ServerAction::<SaveCampaign>::new();
    let segments = Resource::new(|| (), |_| list_segments());
    view! {
        <Page title=t.campaign_new>
            <Loading>
                {move || Suspend::new(async move {
                    segments.await.map(|segments| view! { <CampaignForm campaign=None segments save /> })
                })}
            </Loading>
        </Page>
    }
}

/// One campaign: while a draft, its editor and preview; then how its sending goes, with the
/// buttons that schedule, pause, resume or cancel it. It follows a sending campaign live.
#[component]
pub fn CampaignPage() -> impl IntoView {
    let t = use_messages();
    let id = use_id_param();
    let save = ServerAction::<SaveCampaign>::new();
    let change = ServerAction::<ChangeCampaign>::new();
    let cost = ServerAction::<SetCampaignCost>::new();
    let days = RwSignal::new(DEFAULT_CONVERSION_DAYS);
    // Reloaded after a save, not after a refusal, which would redraw the forms and wipe
    // what was typed.
    let (saved, changed, costed) = (successes(save), successes(change), successes(cost));
    let tick = RwSignal::new(0_u32);
    let campaign = Resource::new(
        move || (id(), saved.get(), changed.get(), costed.get(), tick.get()),
        |(id, ..)| async move {
            match id {
                Some(id) => get_campaign(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    // Only a campaign on its way is reloaded: a draft's editor keeps what is being typed.
    // An effect runs in the browser only, where the timer lives.
    Effect::new(move |_| {
        let every = Duration::from_secs(5);
        let reload = move || {
            let on_its_way = campaign.with_untracked(|c| {
                matches!(c, Some(Ok(c)) if matches!(c.status, Status::Scheduled | Status::Sending))
            });
            if on_its_way {
                tick.update(|n| *n += 1);
            }
        };
        if let Ok(handle) = set_interval_with_handle(reload, every) {
            on_cleanup(move || handle.clear());
        }
    });
    let segments = Resource::new(|| (), |_| list_segments());
    view! {
        <Page title=t.campaign_title>
            <Loading>
                {move || Suspend::new(async move {
                    let campaign = campaign.await?;
                    let segments = segments.await?;
                    let draft = campaign.status == Status::Draft;
                    let started = campaign.started_at.is_some();
                    Ok::<_, AppError>(view! {
                        <section class="card" data-testid="campaign">
                            <h2>{campaign.name.clone()} " " <span class="badge" data-testid="campaign-status">{status_label(t, campaign.status)}</span></h2>
                            <Summary campaign=campaign.clone() />
                            <Commands campaign=campaign.clone() change />
                        </section>
                        {draft.then(|| view! {
                            <CampaignForm campaign=Some(campaign.clone()) segments save />
                        })}
                        {started.then(|| view! { <ReportPanel id=campaign.id days cost /> })}
                        <PreviewPanel id=campaign.id version=campaign.version />
                    })
                })}
            </Loading>
        </Page>
    }
}

/// Where the campaign's audience is, and when it was scheduled, started and finished.
#[component]
fn Summary(campaign: Campaign) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let viewer = use_viewer();
    let c = campaign.counts;
    let numbers = [
        (t.campaign_queued, c.queued, "queued"),
        (t.campaign_sent, c.sent, "sent"),
        (t.campaign_failed, c.failed, "failed"),
        (t.campaign_unsubscribed, c.unsubscribed, "unsubscribed"),
        (
            t.campaign_excluded_unsubscribed,
            c.excluded_unsubscribed,
            "excluded-unsubscribed",
        ),
        (
            t.campaign_excluded_no_consent,
            c.excluded_no_consent,
            "excluded-no-consent",
        ),
        (
            t.campaign_excluded_no_email,
            c.excluded_no_email,
            "excluded-no-email",
        ),
    ];
    let times = [
        (t.campaign_scheduled_at, campaign.scheduled_at),
        (t.campaign_started_at, campaign.started_at),
        (t.campaign_finished_at, campaign.finished_at),
    ];
    view! {
        {campaign.goal.map(|goal| view! { <p class="muted">{goal}</p> })}
        <p>{t.campaign_segment} ": " {campaign.segment_name.unwrap_or_else(|| t.campaign_no_segment.to_owned())}</p>
        <dl class="facts" data-testid="campaign-counts">
            // A draft has no audience yet: it is frozen when sending starts.
            {campaign.started_at.is_some().then(|| numbers.into_iter().map(|(label, n, key)| view! {
                <dt>{label}</dt>
                <dd data-count=key>{n}</dd>
            }).collect_view())}
            <Suspense>
                {move || Suspend::new(async move {
                    let zone = viewer.await.ok().flatten().map(|v| v.time_zone).unwrap_or_default();
                    times.into_iter().filter_map(|(label, at)| {
                        let at = at?;
                        Some(view! { <dt>{label}</dt> <dd>{datetime(at, &zone, locale)}</dd> })
                    }).collect_view()
                })}
            </Suspense>
        </dl>
    }
}

/// The buttons for what the campaign may do next; scheduling takes an optional time.
#[component]
fn Commands(campaign: Campaign, change: ServerAction<ChangeCampaign>) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(change);
    let (id, version) = (campaign.id, campaign.version);
    let button = move |command: Command, label: &'static str, at: bool| {
        let (id, version) = (id.to_string(), version.to_string());
        let command_value = serde_json::to_value(command)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        view! {
            <ActionForm action=change attr:class="command">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" value=version />
                <input type="hidden" name="command" value=command_value />
                {if at {
                    view! {
                        <div class="field">
                            <label for="campaign-at">{t.campaign_send_at}</label>
                            <input id="campaign-at" type="datetime-local" name="at" />
                            <p class="hint">{t.campaign_send_at_hint}</p>
                        </div>
                    }.into_any()
                } else {
                    view! { <input type="hidden" name="at" value="" /> }.into_any()
                }}
                <button type="submit" class="button" disabled=change.pending()>{label}</button>
            </ActionForm>
        }
    };
    let buttons = match campaign.status {
        Status::Draft => vec![button(Command::Schedule, t.campaign_schedule, true)],
        Status::Scheduled => vec![
            button(Command::Unschedule, t.campaign_unschedule, false),
            button(Command::Cancel, t.campaign_cancel, false),
        ],
        Status::Sending => vec![
            button(Command::Pause, t.campaign_pause, false),
            button(Command::Cancel, t.campaign_cancel, false),
        ],
        Status::Paused => vec![
            button(Command::Resume, t.campaign_resume, false),
            button(Command::Cancel, t.campaign_cancel, false),
        ],
        Status::Sent | Status::Cancelled => Vec::new(),
    };
    view! {
        <div class="commands" data-testid="campaign-commands">{buttons.into_iter().collect_view()}</div>
        <FormAlert answer with_fields=true />
    }
}
