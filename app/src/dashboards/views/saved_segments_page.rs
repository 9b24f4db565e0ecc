use leptos::prelude::*;

use super::AnalyticsTabs;
use crate::customers::segments::api::{DeleteSegment, RefreshSegment, list_segments};
use crate::customers::segments::types::{Definition, SavedSegment};
use crate::customers::segments::views::keeps;
use crate::error::AppError;
use crate::i18n::format::date;
use crate::i18n::{Locale, Messages, fill, use_messages};
use crate::ui::form::{FormAlert, answer_of};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::viewer::use_viewer;

/// How a definition reads in a list.
fn describe(t: &Messages, definition: &Definition) -> String {
    match definition {
        Definition::Rules(query) => {
            let n = query.filter_count() + usize::from(!query.q.is_empty());
            fill(t.segment_kind_rules, &[("n", &n.to_string())])
        }
        Definition::Rfm(segments) => {
            let names: Vec<&str> = segments.iter().map(|s| t.segment(*s)).collect();
            fill(t.segment_kind_rfm, &[("names", &names.join(", "))])
        }
        Definition::Fixed => t.segment_kind_fixed.to_owned(),
    }
}

/// The saved segments: who each holds (opened in the contact list, where they can be
/// exported), evaluated again or deleted by those who keep them.
#[component]
pub fn SavedSegmentsPage() -> impl IntoView {
    let t = use_messages();
    let refresh = ServerAction::<RefreshSegment>::new();
    let delete = ServerAction::<DeleteSegment>::new();
    let segments = Resource::new(
        move || (refresh.version().get(), delete.version().get()),
        |_| list_segments(),
    );
    let viewer = use_viewer();
    view! {
        <Page title=t.saved_segments_title>
            <AnalyticsTabs />
            <p class="muted">{t.saved_segments_hint}</p>
            <FormAlert answer=answer_of(refresh) with_fields=true />
            <FormAlert answer=answer_of(delete) with_fields=true />
            <Loading>
                {move || Suspend::new(async move {
                    let viewer = viewer.await?.ok_or(AppError::Unauthorized)?;
                    let segments = segments.await?;
                    if segments.is_empty() {
                        return Ok(view! { <p class="empty">{t.saved_segments_none}</p> }.into_any());
                    }
                    let (may, zone) = (keeps(&viewer), viewer.time_zone);
                    Ok::<_, AppError>(view! {
                        <ul class="rows card" data-testid="saved-segments">
                            {segments.into_iter().map(|segment| view! { <SegmentLine segment refresh delete may zone=zone.clone() /> }).collect_view()}
                        </ul>
                    }
                    .into_any())
                })}
            </Loading>
        </Page>
    }
}

#[component]
fn SegmentLine(
    segment: SavedSegment,
    refresh: ServerAction<RefreshSegment>,
    delete: ServerAction<DeleteSegment>,
    may: bool,
    zone: String,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let evaluated = fill(
        t.segment_evaluated,
        &[("date", &date(segment.evaluated_at, &zone, locale))],
    );
    let (id, version) = (segment.id.to_string(), segment.version.to_string());
    let refreshes = segment.definition.refreshes();
    view! {
        <li class="row">
            <a class="row-link" href=format!("/contacts?segment={}", segment.id)>
                <strong>{segment.name.clone()}</strong>
                <span class="badge">{fill(t.segment_members, &[("n", &segment.members.to_string())])}</span>
                <p class="muted">
                    {describe(t, &segment.definition)} " · " {evaluated}
                </p>
            </a>
            {may.then(|| view! {
                <span class="row-actions">
                    {refreshes.then({
                        let (id, version) = (id.clone(), version.clone());
                        move || view! {
                        <ActionForm action=refresh>
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="version" value=version />
                            <button type="submit" class="button secondary">{t.segment_refresh}</button>
                        </ActionForm>
                    }})}
                    <ActionForm action=delete>
                        <input type="hidden" name="id" value=id.clone() />
                        <input type="hidden" name="version" value=version.clone() />
                        <button type="submit" class="button secondary">{t.remove}</button>
                    </ActionForm>
                </span>
            })}
        </li>
    }
}
