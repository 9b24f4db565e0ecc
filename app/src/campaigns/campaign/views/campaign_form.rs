use leptos::prelude::*;

use crate::campaigns::campaign::api::SaveCampaign;
use crate::campaigns::campaign::letter::MERGE_FIELDS;
use crate::campaigns::campaign::types::{Campaign, DEFAULT_PER_MINUTE};
use crate::customers::segments::types::SavedSegment;
use crate::i18n::use_messages;
use crate::ui::form::{Field, FormAlert, Select, TextArea, answer_of, errors_of};

/// A draft as it is written: the audience, the subject and the two bodies with merge fields,
/// and the pace of sending. Empty for a new campaign.
#[component]
pub fn CampaignForm(
    campaign: Option<Campaign>,
    segments: Vec<SavedSegment>,
    save: ServerAction<SaveCampaign>,
) -> impl IntoView {
    let t = use_messages();
    let answer = answer_of(save);
    let of = |pick: fn(&Campaign) -> String| campaign.as_ref().map(pick).unwrap_or_default();
    let (id, version) = (of(|c| c.id.to_string()), of(|c| c.version.to_string()));
    let (name, goal) = (
        of(|c| c.name.clone()),
        of(|c| c.goal.clone().unwrap_or_default()),
    );
    let segment = of(|c| c.segment_id.map(|s| s.to_string()).unwrap_or_default());
    let (subject, text, html) = (
        of(|c| c.subject.clone()),
        of(|c| c.text.clone()),
        of(|c| c.html.clone()),
    );
    let per_minute = campaign
        .as_ref()
        .map_or(DEFAULT_PER_MINUTE, |c| c.per_minute)
        .to_string();
    // A first campaign has no audience to pick: say where one is made.
    let no_segments = segments.is_empty().then(|| {
        view! {
            <p class="hint" data-testid="no-segments">
                {t.campaign_segments_none} " "
                <a href="/contacts">{t.nav_contacts}</a> " · "
                <a href="/analytics/segments">{t.segments_title}</a>
            </p>
        }
    });
    let mut options = vec![(String::new(), t.campaign_choose_segment.to_owned())];
    options.extend(segments.into_iter().map(|s| {
        let label = format!("{} ({})", s.name, s.members);
        (s.id.to_string(), label)
    }));
    view! {
        <ActionForm action=save attr:class="card" attr:data-testid="campaign-form">
            <input type="hidden" name="form[id]" value=id />
            <input type="hidden" name="form[version]" value=version />
            <Field label=t.campaign_name name="name" group="form" required=true value=name errors=errors_of(answer, "name") />
            <Field label=t.campaign_goal name="goal" group="form" value=goal errors=errors_of(answer, "goal") />
            <Select label=t.campaign_segment name="segment_id" group="form" options selected=segment errors=errors_of(answer, "segment_id") />
            {no_segments}
            <Field label=t.campaign_subject name="subject" group="form" required=true value=subject errors=errors_of(answer, "subject") />
            <TextArea label=t.campaign_text name="text" group="form" required=true rows=8 value=text errors=errors_of(answer, "text") />
            <TextArea label=t.campaign_html name="html" group="form" rows=8 value=html errors=errors_of(answer, "html") />
            <p class="hint">{t.campaign_merge_fields} " " {MERGE_FIELDS.join(" ")}</p>
            <Field label=t.campaign_per_minute name="per_minute" group="form" kind="number" value=per_minute hint=t.campaign_per_minute_hint errors=errors_of(answer, "per_minute") />
            <FormAlert answer />
            <button type="submit" class="button" disabled=save.pending()>{t.save}</button>
        </ActionForm>
    }
}
