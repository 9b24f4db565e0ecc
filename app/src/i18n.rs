//! English and Simplified Chinese, complete in both.
//!
//! Each language is one `Messages` value: a key missing in either file is a compile error, and
//! the tests below catch empty strings and placeholders that differ between the languages.

pub mod choices;
mod en;
pub mod format;
mod zh;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Invalid};

/// Declares the catalog once, so the struct and the list of its entries cannot drift apart.
macro_rules! catalog {
    ($($key:ident),* $(,)?) => {
        /// Every user-facing string of Banyan, in one language.
        pub struct Messages {
            $(pub $key: &'static str,)*
        }

        impl Messages {
            /// Each key with its text, for checks over the whole catalog.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($key), self.$key)),*]
            }
        }
    };
}

catalog!(
    app_name,
    app_tagline,
    app_full_name,
    offline_title,
    offline_body,
    offline_retry,
    update_ready,
    update_reload,
    nav_home,
    loading,
    refresh,
    status_title,
    status_version,
    status_database,
    status_migrations,
    status_outbox_pending,
    status_outbox_failed,
    status_checked_at,
    not_found_title,
    not_found_body,
    back_home,
    page_error_title,
    error_not_found,
    error_unauthorized,
    error_forbidden,
    error_validation,
    error_conflict,
    error_internal,
    error_transport,
    invalid_required,
    invalid_too_long,
    invalid_email,
    invalid_phone,
    invalid_taken,
    nav_label,
    nav_more,
    nav_users,
    nav_settings,
    nav_account,
    sign_out,
    save,
    saved,
    login_title,
    login_submit,
    setup_title,
    setup_intro,
    setup_workspace,
    setup_owner,
    setup_submit,
    field_company_name,
    field_country,
    field_time_zone,
    field_base_currency,
    field_default_locale,
    field_language,
    field_name,
    field_email,
    field_password,
    field_current_password,
    field_new_password,
    field_first_password,
    field_role,
    field_restrict_sales,
    role_owner,
    role_manager,
    role_sales,
    role_support,
    role_marketing,
    account_title,
    change_password_title,
    change_password_submit,
    password_changed,
    sessions_title,
    session_current,
    session_last_seen,
    session_revoke,
    settings_title,
    users_title,
    user_add_title,
    user_add_submit,
    user_created,
    user_deactivate,
    user_reactivate,
    user_inactive,
    user_reset_password,
    password_was_reset,
    error_rate_limited,
    invalid_too_short,
    invalid_choice,
    invalid_credentials,
    invalid_last_owner,
    invalid_link,
    invalid_amount,
    invalid_currency,
    invalid_date,
    invalid_confirmation,
    invalid_encoding,
    invalid_no_rows,
    invalid_file_too_large,
    invalid_no_match,
    import_title,
    import_intro,
    import_kind,
    import_kind_contacts,
    import_kind_companies,
    import_kind_orders,
    import_file,
    import_upload,
    import_recent,
    import_none,
    import_mapping,
    import_mapping_hint,
    import_column_ignored,
    import_duplicates,
    import_on_duplicate,
    import_dup_skip,
    import_dup_update,
    import_dup_create,
    import_match_keys,
    import_match_email,
    import_match_phone,
    import_match_name_company,
    import_day_order,
    import_day_first,
    import_month_first,
    import_preview,
    import_preview_counts,
    import_problems,
    import_problems_more,
    import_line,
    import_reasons,
    import_start,
    import_progress,
    import_done,
    import_failed,
    import_created,
    import_updated,
    import_skipped,
    import_rejected,
    import_download_rejected,
    import_again,
    import_status_draft,
    import_status_queued,
    import_status_running,
    import_status_done,
    import_status_failed,
    field_external_id,
    field_website,
    field_industry,
    web_forms_title,
    web_forms_intro,
    web_forms_none,
    web_form_snippet,
    web_form_disable,
    web_form_enable,
    web_form_inactive,
    web_form_create,
    field_form_tag,
    field_redirect_url,
    web_form_thanks_title,
    web_form_thanks_body,
    web_form_problem_title,
    web_form_back,
    duplicates_title,
    duplicates_intro,
    duplicates_none,
    duplicates_count,
    duplicates_score,
    reason_same_email,
    reason_same_phone,
    reason_name_at_company,
    reason_name_in_city,
    merge_open,
    merge_title,
    merge_intro,
    merge_keep,
    merge_submit,
    merge_history,
    merge_entry,
    merge_undo,
    merge_undone,
    nav_companies,
    companies_title,
    companies_search_hint,
    companies_none,
    company_title,
    company_edit,
    company_people_count,
    company_revenue_title,
    company_open,
    field_country_hint,
    history_title,
    history_none,
    history_older,
    log_call,
    log_note,
    contact_actions,
    call_log_prompt,
    log_other,
    logged,
    by_user,
    interaction_call,
    interaction_email,
    interaction_meeting,
    interaction_note,
    interaction_sms,
    direction_inbound,
    direction_outbound,
    field_kind,
    field_direction,
    field_occurred_at,
    field_subject,
    field_notes,
    orders_title,
    order_add,
    order_added,
    order_label,
    field_order_number,
    field_order_date,
    field_amount,
    field_currency,
    field_status,
    field_note,
    order_pending,
    order_paid,
    order_fulfilled,
    order_cancelled,
    order_refunded,
    totals_revenue,
    totals_orders,
    totals_first,
    totals_last,
    totals_none,
    filters,
    filter_any,
    filter_tag,
    filter_created_from,
    filter_created_to,
    filter_clear,
    views_label,
    view_save,
    view_name,
    view_saved,
    view_delete,
    export_label,
    contact_export,
    company_people,
    erase_open,
    erase_hint,
    erase_confirm,
    erase_submit,
    field_first_password_hint,
    user_invited,
    user_link,
    teams_title,
    teams_hint,
    teams_empty,
    team_add_title,
    team_add_submit,
    team_name,
    team_lead,
    team_no_lead,
    team_members,
    team_no_members,
    team_delete,
    team_created,
    team_deleted,
    field_team,
    team_none,
    link_ready,
    join_title,
    join_greeting,
    join_submit,
    nav_contacts,
    contacts_title,
    contacts_search_hint,
    contacts_none,
    search,
    sort_by,
    sort_name,
    sort_newest,
    show_archived,
    next_page,
    contact_new,
    contact_edit,
    contact_title,
    cancel,
    edit,
    archive,
    restore,
    archived,
    call,
    write_email,
    yes,
    no,
    nobody,
    conflict_current,
    conflict_next,
    field_company,
    field_given_name,
    field_family_name,
    field_phone,
    field_wechat,
    field_city,
    field_lifecycle,
    field_source,
    field_owner,
    field_tags,
    field_marketing_consent,
    field_created,
    field_updated,
    lifecycle_lead,
    lifecycle_prospect,
    lifecycle_customer,
    lifecycle_churned,
    source_web,
    source_social,
    source_email,
    source_phone,
    source_referral,
    source_import,
    source_other,
    tags,
    add,
    apply,
    board_add,
    board_cancelled,
    board_card_role,
    board_closes,
    board_conflict,
    board_days,
    board_dropped,
    board_help,
    board_lost_reason,
    board_move,
    board_move_label,
    board_moved_to,
    board_moved,
    undo,
    board_picked,
    board_rotting,
    board_stages,
    preset_pipeline,
    preset_lead_in,
    preset_qualified,
    preset_proposal,
    preset_negotiation,
    preset_won,
    preset_lost,
    board_unconverted,
    board_weighted,
    board_won_reason,
    deal_add,
    deal_amount,
    deal_contact_history,
    deal_created_in,
    deal_currency,
    deal_edit,
    deal_expected_close,
    deal_in_stage,
    deal_lost,
    deal_moved,
    deal_open,
    deal_reason,
    deal_stage,
    deal_stage_history,
    deal_status,
    deal_title,
    deal_title_field,
    deal_won,
    deals_back,
    deals_close_from,
    deals_close_to,
    deals_everyone,
    deals_mine,
    deals_none,
    deals_pipeline,
    deals_team,
    deals_title,
    deals_whose,
    load_more,
    move_down,
    move_up,
    nav_deals,
    pipeline_edit,
    pipeline_name,
    pipeline_new,
    pipelines_title,
    rates_hint,
    rates_rate,
    rates_title,
    remove,
    stage_add,
    stage_kind,
    stage_kind_lost,
    stage_kind_open,
    stage_kind_won,
    stage_name,
    stage_probability,
    stage_rotting,
    invalid_stages,
    invalid_in_use,
    invalid_transition,
    nav_inbox,
    inbox_title,
    inbox_views,
    inbox_search_hint,
    inbox_empty,
    view_unassigned,
    view_mine,
    view_open,
    view_pending,
    view_solved,
    view_all,
    view_at_risk,
    view_breached,
    span_minutes,
    span_hours,
    span_days,
    sla_due_in,
    sla_overdue,
    sla_title,
    sla_first_response,
    sla_resolution,
    sla_met,
    sla_missed,
    sla_waiting,
    ticket_channel,
    field_form_opens_tickets,
    web_form_opens_tickets,
    rating_title,
    rating_intro,
    rating_question,
    rating_1,
    rating_2,
    rating_3,
    rating_4,
    rating_5,
    rating_comment,
    rating_submit,
    rating_thanks,
    rating_link_invalid,
    mail_survey_subject,
    mail_survey_body,
    mail_no_subject,
    message_sent,
    message_waiting,
    ticket_satisfaction,
    ticket_not_rated,
    status_new,
    status_open,
    status_pending,
    status_solved,
    status_closed,
    priority_low,
    priority_normal,
    priority_high,
    priority_urgent,
    channel_email,
    channel_web,
    channel_phone,
    channel_api,
    tickets_title,
    tickets_none,
    ticket_title,
    ticket_new,
    ticket_create,
    ticket_find_requester,
    ticket_requester,
    ticket_subject,
    ticket_body,
    ticket_priority,
    ticket_assignee,
    ticket_status_field,
    ticket_tags,
    ticket_order,
    ticket_no_order,
    ticket_unread,
    message_incoming,
    message_reply,
    message_note,
    composer_body,
    composer_note,
    composer_reply_hint,
    composer_note_hint,
    composer_canned,
    composer_canned_pick,
    composer_placeholders,
    composer_status,
    composer_status_keep,
    composer_send,
    composer_add_note,
    canned_title,
    canned_none,
    canned_new,
    canned_name,
    canned_body,
    board_next_task,
    comment_add,
    comment_label,
    comment_mention,
    comments_title,
    nav_notifications,
    nav_tasks,
    notification_assigned,
    notification_mention,
    notifications_none,
    notifications_read_all,
    notifications_title,
    task_add,
    task_assignee,
    task_done,
    task_due,
    task_reopen,
    task_title,
    tasks_none,
    tasks_overdue,
    tasks_title,
    tasks_today,
    tasks_upcoming,
    rates_save,
    forecast_title,
    forecast_weighted,
    forecast_weighted_hint,
    forecast_month,
    forecast_deals,
    forecast_total,
    forecast_weighted_column,
    forecast_no_date,
    forecast_projection,
    forecast_not_enough,
    forecast_method,
    forecast_won,
    forecast_projected_note,
    forecast_velocity,
    forecast_win_rate,
    forecast_win_rate_value,
    forecast_days,
    desk_title,
    desk_zone_workspace,
    desk_first_response,
    desk_resolution,
    desk_hours,
    desk_hours_hint,
    desk_days,
    desk_opens,
    desk_closes,
    desk_closes_hint,
    desk_targets,
    desk_targets_hint,
    desk_holidays,
    desk_holidays_hint,
    desk_holiday_day,
    desk_holiday_name,
    desk_holiday_add,
    weekday_mon,
    weekday_tue,
    weekday_wed,
    weekday_thu,
    weekday_fri,
    weekday_sat,
    weekday_sun,
    report_title,
    report_span,
    report_days,
    report_rate,
    report_satisfaction_value,
    report_empty,
    report_overall,
    report_tickets,
    report_hint,
    report_by_priority,
    report_by_agent,
    report_scores,
    invalid_duration,
    invalid_closes_before_opens,
    invalid_resolve_before_response,
    inbox_pick,
    inbox_keys,
    bulk_keep,
    bulk_picked,
    bulk_apply,
    bulk_clear,
    bulk_done,
    bulk_stale,
    bulk_refused,
    notification_ticket_assigned,
    invalid_file_type,
    upload_sending,
    composer_attach,
    mail_files_not_kept,
    invalid_range,
    unfit_too_few,
    unfit_no_repeat,
    unfit_degenerate,
    unfit_no_mean_spend,
    unfit_bad_clusters,
    unfit_no_features,
    segment_champions,
    segment_loyal,
    segment_potential,
    segment_new,
    segment_at_risk,
    segment_cant_lose,
    segment_hibernating,
    segment_lost,
    period_week,
    period_month,
    period_quarter,
    period_year,
    analytics_customers_up_to,
    analytics_unconverted,
    clv_terms,
    clv_no_prediction,
    clv_customer,
    clv_frequency,
    clv_recency,
    clv_age,
    clv_p_active,
    clv_expected_purchases,
    clv_expected_spend,
    clv_predicted,
    clv_historical,
    rfm_segment,
    segment_customers,
    cluster,
    cluster_none,
    spend_at_limit,
    nav_value,
    value_title,
    value_by_month,
    value_by_week,
    value_horizon,
    value_discount,
    value_customers,
    value_so_far,
    value_predicted_total,
    value_expected_purchases,
    value_likely_active,
    value_likely_active_count,
    value_distribution,
    value_against_frequency,
    value_top,
    value_model,
    value_model_hint,
    value_bin,
    purchases_at_limit,
    analytics_pages,
    segments_title,
    saved_segments_title,
    segments_computed,
    analytics_customers_up_to_today,
    rfm_grid,
    rfm_grid_hint,
    segment_sizes,
    segment_revenue,
    rfm_r_fm,
    feature_recency,
    feature_frequency,
    feature_monetary,
    feature_value,
    feature_tenure,
    feature_tickets,
    cluster_n,
    principal_first,
    principal_second,
    clusters_suggested,
    clusters_title,
    clusters_hint,
    clusters_features,
    clusters_count,
    clusters_auto,
    picked_title,
    picked_export,
    picked_more,
    picked_save,
    segment_saved,
    segment_open,
    segment_name,
    segment_kind_rules,
    segment_kind_rfm,
    segment_kind_fixed,
    saved_segments_hint,
    saved_segments_none,
    segment_members,
    segment_evaluated,
    segment_refresh,
    segment_save_filters,
    segment_saved_toast,
    filter_segment,
    alike_title,
    alike_hint,
    alike_none,
    alike_distance,
    value_fitted_here,
    forecast_projected,
    forecast_funnel,
    forecast_funnel_hint,
    forecast_funnel_reached,
    forecast_funnel_of_all,
    forecast_funnel_of_previous,
    forecast_funnel_empty,
    report_target_met,
    report_target_missed,
    nav_campaigns,
    campaigns_title,
    campaigns_none,
    campaign_new,
    campaign_title,
    campaign_progress,
    campaign_no_segment,
    campaign_status_draft,
    campaign_status_scheduled,
    campaign_status_sending,
    campaign_status_paused,
    campaign_status_sent,
    campaign_status_cancelled,
    campaign_name,
    campaign_goal,
    campaign_segment,
    campaign_choose_segment,
    campaign_segments_none,
    campaign_subject,
    campaign_text,
    campaign_html,
    campaign_merge_fields,
    campaign_per_minute,
    campaign_per_minute_hint,
    campaign_queued,
    campaign_sent,
    campaign_failed,
    campaign_unsubscribed,
    campaign_excluded_unsubscribed,
    campaign_excluded_no_consent,
    campaign_excluded_no_email,
    campaign_scheduled_at,
    campaign_started_at,
    campaign_finished_at,
    campaign_send_at,
    campaign_send_at_hint,
    campaign_schedule,
    campaign_unschedule,
    campaign_pause,
    campaign_resume,
    campaign_cancel,
    campaign_preview,
    campaign_preview_as,
    campaign_preview_empty,
    campaign_preview_nobody,
    campaign_to,
    campaign_test_send,
    campaign_test_sent,
    campaign_test_mark,
    campaign_unsubscribe,
    unsubscribe_title,
    unsubscribe_done,
    unsubscribe_back,
    unsubscribe_resubscribe,
    unsubscribe_again,
    unsubscribe_preview,
    unsubscribe_link_invalid,
    campaign_report,
    campaign_report_hint,
    campaign_report_plain,
    campaign_report_sent,
    campaign_report_delivered,
    campaign_report_failed,
    campaign_report_opened,
    campaign_report_clicked,
    campaign_report_converted,
    campaign_report_orders,
    campaign_report_won_deals,
    campaign_report_revenue,
    campaign_report_cost,
    campaign_report_roi,
    campaign_report_days,
    campaign_report_days_n,
    campaign_report_funnel,
    campaign_report_timeline,
    campaign_report_time,
    campaign_report_opens,
    campaign_report_clicks,
    campaign_report_links,
    campaign_report_link,
    campaign_report_people,
    campaign_report_quiet,
    campaign_report_no_links,
    campaign_cost_hint,
    campaign_cost_save,
    campaign_report_by_day,
    nav_automation,
    invalid_not_a_list,
    automation_title,
    automation_intro,
    automation_new,
    automation_none,
    automation_rule,
    automation_runs_count,
    automation_last_run,
    automation_on,
    automation_off,
    automation_name,
    automation_enabled,
    automation_when,
    automation_trigger,
    automation_trigger_deal_won,
    automation_trigger_deal_lost,
    automation_trigger_contact_created,
    automation_trigger_ticket_rated,
    automation_only_if,
    automation_web_form_only,
    automation_score_max,
    automation_score_max_hint,
    automation_tag,
    automation_tag_hint,
    automation_then,
    automation_list,
    automation_list_hint,
    automation_task_title,
    automation_task_days,
    automation_task_days_hint,
    automation_task_for,
    automation_task_for_owner,
    automation_task_for_company_owner,
    automation_assign_company_owner,
    automation_mail_subject,
    automation_mail_body,
    automation_merge_fields,
    automation_log,
    automation_log_reload,
    automation_log_empty,
    automation_run_done,
    automation_run_failed,
    automation_attempts,
    automation_no_contact,
    automation_nobody,
    automation_did_list,
    automation_did_task,
    automation_did_assign,
    automation_did_mail,
    automation_skip_no_contact,
    automation_skip_no_company_owner,
    automation_skip_no_email,
    automation_skip_unsubscribed,
    automation_fail_list_gone,
    automation_fail_user_gone,
    automation_fail_other,
    automation_delete,
    automation_delete_hint,
    field_track_campaign_mail,
    campaign_report_tracking_off,
    task_snooze,
    task_reschedule,
    today_title,
    today_tasks,
    today_tasks_none,
    today_all_tasks,
    today_closing,
    today_closing_none,
    today_stalled,
    today_stalled_none,
    today_board,
    today_tickets,
    today_tickets_none,
    today_all_tickets,
    today_figures,
    today_won,
    today_won_last,
    today_won_year_ago,
    today_pipeline,
    today_weighted,
    today_new_customers,
    today_last_month,
    today_open_tickets,
    today_satisfaction,
    today_no_ratings,
    today_in_stage,
    settings_status,
    digest_title,
    digest_hint,
    digest_hour,
    digest_off,
    digest_subject,
    digest_greeting,
    digest_tasks,
    digest_deals,
    digest_open,
    digest_turn_off,
    today_called,
    today_called_none,
    today_called_at,
    skip_to_content,
    copy_title,
    copy_summary,
    copy_at,
    copy_none,
    copy_updating,
    copy_update,
    copy_clear,
    copy_full,
    copy_unavailable,
    copy_failed,
    offline_banner,
    offline_more,
    offline_edit,
    sync_waiting,
    sync_decide,
    sync_title,
    sync_intro,
    sync_queue,
    sync_queue_none,
    sync_decisions,
    sync_decisions_none,
    sync_conflict,
    sync_mine,
    sync_theirs,
    sync_theirs_by,
    sync_keep_mine,
    sync_keep_theirs,
    sync_refused,
    sync_discard,
    sync_copy,
    sync_copied,
    sync_move,
    sync_edit,
    sync_add_deal,
    sync_log,
    sync_add_task,
    sync_task_done,
    sync_add_contact,
    sync_field_title,
    sync_field_amount,
    sync_field_close,
    sync_field_stage,
    sync_a_deal,
    invalid_not_a_backup,
    invalid_backup_damaged,
    invalid_backup_newer,
    invalid_backup_older,
    invalid_passphrase,
    invalid_not_empty,
    backup_exists,
    backup_done,
    backup_missing_file,
    restore_done,
    backup_passphrase,
    backup_title,
    backup_folder,
    backup_sealed,
    backup_not_sealed,
    backup_daily,
    backup_keep,
    backup_keep_hint,
    backup_now,
    backup_making,
    backup_made,
    backup_none,
    backup_save,
);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    ZhCn,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// The BCP 47 tag, as written in `<html lang>` and in the locale cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// Reads a language tag; any Chinese tag means Simplified Chinese, our only Chinese.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "zh" => Some(Locale::ZhCn),
            _ => None,
        }
    }

    /// Picks the first supported language of an `Accept-Language` header, by quality.
    pub fn negotiate(accept_language: &str) -> Self {
        let mut ranked: Vec<(f32, Locale)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let locale = Locale::from_tag(pieces.next()?)?;
                let quality = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse().ok())
                    .unwrap_or(1.0);
                Some((quality, locale))
            })
            .collect();
        // A stable sort keeps the header's order among equal qualities.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map(|(_, l)| *l).unwrap_or_default()
    }

    /// The language's name in itself, as a language menu shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhCn => "简体中文",
        }
    }

    pub fn messages(self) -> &'static Messages {
        match self {
            Locale::En => &en::EN,
            Locale::ZhCn => &zh::ZH,
        }
    }
}

/// The messages of the locale the page is rendered in.
pub fn use_messages() -> &'static Messages {
    use_context::<Locale>().unwrap_or_default().messages()
}

/// Replaces each `{name}` in a template with its value.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    args.iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

impl Messages {
    /// The names a new workspace's pipeline and its stages are given, in this language.
    pub fn presets(&self) -> [&'static str; 7] {
        [
            self.preset_pipeline,
            self.preset_lead_in,
            self.preset_qualified,
            self.preset_proposal,
            self.preset_negotiation,
            self.preset_won,
            self.preset_lost,
        ]
    }

    /// A pipeline's or stage's name as this language's reader sees it: one Banyan gave (in
    /// either language) in theirs, until someone renames it; any other as it was written.
    /// Stage names are the workspace's data, but "线索" on an English board was only ever
    /// Banyan's word for "Lead in".
    pub fn preset<'a>(&self, name: &'a str) -> &'a str {
        [&en::EN, &zh::ZH]
            .iter()
            .find_map(|language| language.presets().iter().position(|p| *p == name))
            .map_or(name, |i| self.presets()[i])
    }

    /// The sentence a person reads for an error.
    pub fn error(&self, err: &AppError) -> String {
        match err {
            AppError::NotFound => self.error_not_found.to_owned(),
            AppError::Unauthorized => self.error_unauthorized.to_owned(),
            AppError::Forbidden => self.error_forbidden.to_owned(),
            AppError::Validation(_) => self.error_validation.to_owned(),
            AppError::Conflict { .. } => self.error_conflict.to_owned(),
            AppError::RateLimited { retry_after_secs } => {
                let minutes = retry_after_secs.div_ceil(60).max(1).to_string();
                fill(self.error_rate_limited, &[("minutes", &minutes)])
            }
            AppError::Internal => self.error_internal.to_owned(),
            AppError::Transport(_) => self.error_transport.to_owned(),
            AppError::DeviceFull => self.copy_full.to_owned(),
        }
    }

    /// `err` as problem details, in this language.
    pub fn problem(&self, err: &AppError) -> crate::error::Problem {
        let errors = match err {
            AppError::Validation(fields) => fields
                .iter()
                .map(|(field, whys)| {
                    (
                        field.clone(),
                        whys.iter().map(|w| self.invalid(w)).collect(),
                    )
                })
                .collect(),
            _ => Default::default(),
        };
        crate::error::Problem {
            kind: "about:blank".into(),
            title: self.error(err),
            status: err.status(),
            detail: self.refusal(err),
            errors,
            error: err.clone(),
        }
    }

    /// Any refusal as one sentence: the reasons given for its fields, or what went wrong.
    pub fn refusal(&self, err: &AppError) -> String {
        match err {
            AppError::Validation(fields) => fields
                .values()
                .flatten()
                .map(|why| self.invalid(why))
                .collect::<Vec<_>>()
                .join(" "),
            other => self.error(other),
        }
    }

    /// The message shown beside a refused field.
    pub fn invalid(&self, why: &Invalid) -> String {
        match why {
            Invalid::Required => self.invalid_required.to_owned(),
            Invalid::TooLong { max } => fill(self.invalid_too_long, &[("max", &max.to_string())]),
            Invalid::Email => self.invalid_email.to_owned(),
            Invalid::Phone => self.invalid_phone.to_owned(),
            Invalid::Taken => self.invalid_taken.to_owned(),
            Invalid::TooShort { min } => fill(self.invalid_too_short, &[("min", &min.to_string())]),
            Invalid::Choice => self.invalid_choice.to_owned(),
            Invalid::Credentials => self.invalid_credentials.to_owned(),
            Invalid::LastOwner => self.invalid_last_owner.to_owned(),
            Invalid::Link => self.invalid_link.to_owned(),
            Invalid::Amount => self.invalid_amount.to_owned(),
            Invalid::Currency => self.invalid_currency.to_owned(),
            Invalid::Date => self.invalid_date.to_owned(),
            Invalid::Confirmation => self.invalid_confirmation.to_owned(),
            Invalid::Encoding => self.invalid_encoding.to_owned(),
            Invalid::NoRows => self.invalid_no_rows.to_owned(),
            Invalid::FileTooLarge { max_mb } => {
                fill(self.invalid_file_too_large, &[("max", &max_mb.to_string())])
            }
            Invalid::NoMatch => self.invalid_no_match.to_owned(),
            Invalid::Stages => self.invalid_stages.to_owned(),
            Invalid::InUse => self.invalid_in_use.to_owned(),
            Invalid::Transition => self.invalid_transition.to_owned(),
            Invalid::Duration => self.invalid_duration.to_owned(),
            Invalid::ClosesBeforeOpens => self.invalid_closes_before_opens.to_owned(),
            Invalid::ResolveBeforeResponse => self.invalid_resolve_before_response.to_owned(),
            Invalid::FileType => self.invalid_file_type.to_owned(),
            Invalid::NotAList => self.invalid_not_a_list.to_owned(),
            Invalid::Range { min, max } => fill(
                self.invalid_range,
                &[("min", &min.to_string()), ("max", &max.to_string())],
            ),
            Invalid::NotABackup => self.invalid_not_a_backup.to_owned(),
            Invalid::BackupDamaged => self.invalid_backup_damaged.to_owned(),
            Invalid::BackupNewer => self.invalid_backup_newer.to_owned(),
            Invalid::BackupOlder => self.invalid_backup_older.to_owned(),
            Invalid::Passphrase => self.invalid_passphrase.to_owned(),
            Invalid::NotEmpty => self.invalid_not_empty.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn a_name_banyan_gave_reads_in_the_readers_language_and_any_other_as_written() {
        let (en, zh) = (Locale::En.messages(), Locale::ZhCn.messages());
        assert_eq!(en.preset("线索"), "Lead in");
        assert_eq!(en.preset("Lead in"), "Lead in");
        assert_eq!(zh.preset("Lead in"), "线索");
        assert_eq!(zh.preset("销售管道"), "销售管道");
        assert_eq!(en.preset("销售管道"), "Sales");
        // Renamed, a stage is the workspace's own.
        assert_eq!(en.preset("初次拜访"), "初次拜访");
        assert_eq!(zh.preset("Lead-in"), "Lead-in");
    }

    #[test]
    fn every_message_is_written_in_every_language() {
        for locale in Locale::ALL {
            for (key, text) in locale.messages().entries() {
                assert!(
                    !text.trim().is_empty(),
                    "{key} is empty in {}",
                    locale.tag()
                );
            }
        }
    }

    #[test]
    fn translations_keep_the_placeholders_of_english() {
        let en = Locale::En.messages().entries();
        let zh = Locale::ZhCn.messages().entries();
        for ((key, en_text), (_, zh_text)) in en.iter().zip(zh.iter()) {
            assert_eq!(
                placeholders(en_text),
                placeholders(zh_text),
                "placeholders of {key}"
            );
        }
    }

    #[test]
    fn negotiates_by_quality_and_falls_back_to_english() {
        assert_eq!(Locale::negotiate("zh-CN,zh;q=0.9,en;q=0.8"), Locale::ZhCn);
        assert_eq!(Locale::negotiate("fr-FR, en;q=0.5, zh;q=0.7"), Locale::ZhCn);
        assert_eq!(Locale::negotiate("de, fr"), Locale::En);
        assert_eq!(Locale::negotiate(""), Locale::En);
        assert_eq!(Locale::from_tag("zh-Hans-CN"), Some(Locale::ZhCn));
    }

    #[test]
    fn fills_placeholders() {
        let msg = Locale::ZhCn
            .messages()
            .invalid(&Invalid::TooLong { max: 80 });
        assert!(msg.contains("80"), "{msg}");
        assert!(!msg.contains('{'), "{msg}");
    }
}

/// The locale of the current request, as the server's gate chose it for every request (see
/// `core::context::locale_of`).
#[cfg(feature = "ssr")]
pub fn request_locale() -> Locale {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Locale>().copied())
        .unwrap_or_default()
}

/// The `Set-Cookie` value that remembers a language for a year.
#[cfg(feature = "ssr")]
pub fn locale_cookie(locale: Locale) -> String {
    format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.tag()
    )
}

/// In the browser, the server already chose: it wrote the locale into `<html lang>`.
#[cfg(not(feature = "ssr"))]
pub fn request_locale() -> Locale {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or_default()
}

/// The cookie that remembers a visitor's language choice.
pub const LOCALE_COOKIE: &str = "banyan_locale";
