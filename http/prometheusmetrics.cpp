// SPDX-License-Identifier: MIT
#include "prometheusmetrics.h"

#include "apijson.h"

namespace OrderDesk {

namespace {

/// Label values escape backslash, double quote and line feed.
QByteArray label(const QString &value)
{
    QByteArray escaped;
    const QByteArray utf8 = value.toUtf8();
    escaped.reserve(utf8.size());
    for (char c : utf8) {
        if (c == '\\')
            escaped += "\\\\";
        else if (c == '"')
            escaped += "\\\"";
        else if (c == '\n')
            escaped += "\\n";
        else
            escaped += c;
    }
    return escaped;
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 10);
}

QByteArray seconds(qint64 micros)
{
    return number(double(micros) / 1e6);
}

class Writer
{
public:
    void family(const char *name, const char *type, const char *help)
    {
        m_text += "# HELP ";
        m_text += name;
        m_text += ' ';
        m_text += help;
        m_text += "\n# TYPE ";
        m_text += name;
        m_text += ' ';
        m_text += type;
        m_text += '\n';
    }

    void sample(const QByteArray &name, const QByteArray &labels, const QByteArray &value)
    {
        m_text += name;
        if (!labels.isEmpty()) {
            m_text += '{';
            m_text += labels;
            m_text += '}';
        }
        m_text += ' ';
        m_text += value;
        m_text += '\n';
    }

    QByteArray text() const { return m_text; }

private:
    QByteArray m_text;
};

} // namespace

QByteArray PrometheusMetrics::render(const MetricsSnapshot &snapshot)
{
    Writer out;
    out.family("orderdesk_commands_total", "counter",
               "Commands the command bus finished since the start, by type and result.");
    for (const CommandTypeMetrics &c : snapshot.commands) {
        const QByteArray type = "type=\"" + label(c.commandType) + '"';
        out.sample("orderdesk_commands_total", type + ",result=\"accepted\"",
                   QByteArray::number(c.accepted));
        out.sample("orderdesk_commands_total", type + ",result=\"rejected\"",
                   QByteArray::number(c.rejected));
    }

    out.family("orderdesk_command_duration_seconds", "summary",
               "Time from dispatch to a durable result; quantiles over the last 4096 commands "
               "of each type.");
    for (const CommandTypeMetrics &c : snapshot.commands) {
        const QByteArray type = "type=\"" + label(c.commandType) + '"';
        out.sample("orderdesk_command_duration_seconds", type + ",quantile=\"0.5\"",
                   seconds(c.p50Micros));
        out.sample("orderdesk_command_duration_seconds", type + ",quantile=\"0.99\"",
                   seconds(c.p99Micros));
        out.sample("orderdesk_command_duration_seconds_sum", type, seconds(c.totalMicros));
        out.sample("orderdesk_command_duration_seconds_count", type, QByteArray::number(c.count()));
    }

    const ProjectionStatus &p = snapshot.projection;
    out.family("orderdesk_events_head_position", "gauge",
               "Position of the last event in the write store's event log.");
    out.sample("orderdesk_events_head_position", {}, QByteArray::number(p.headPosition));
    out.family("orderdesk_projection_checkpoint", "gauge",
               "Position of the last event the read store has projected.");
    out.sample("orderdesk_projection_checkpoint", {}, QByteArray::number(p.checkpoint));
    out.family("orderdesk_projection_lag_events", "gauge",
               "Events written but not yet projected (head - checkpoint).");
    out.sample("orderdesk_projection_lag_events", {}, QByteArray::number(p.lagEvents));
    out.family("orderdesk_projection_lag_seconds", "gauge",
               "Age of the oldest event not yet projected (0 when caught up); millisecond "
               "resolution.");
    out.sample("orderdesk_projection_lag_seconds", {}, number(double(p.lagMs) / 1000.0));
    out.family("orderdesk_projection_events_per_second", "gauge",
               "Events the projector applied per second, recently.");
    out.sample("orderdesk_projection_events_per_second", {},
               QByteArray::number(p.eventsPerSecond));
    out.family("orderdesk_command_visible_seconds", "summary",
               "Time from a command's events being written to the read store showing them, over "
               "recent commands.");
    out.sample("orderdesk_command_visible_seconds", "quantile=\"0.5\"",
               number(double(p.commandLagP50Ms) / 1000.0));
    out.sample("orderdesk_command_visible_seconds", "quantile=\"0.95\"",
               number(double(p.commandLagP95Ms) / 1000.0));
    out.sample("orderdesk_command_visible_seconds", "quantile=\"0.99\"",
               number(double(p.commandLagP99Ms) / 1000.0));
    out.family("orderdesk_projection_dead_letters", "gauge",
               "Events the projector could not apply and set aside.");
    out.sample("orderdesk_projection_dead_letters", {}, QByteArray::number(p.deadLetters));
    out.family("orderdesk_projection_state", "gauge",
               "The projector's state: 1 for the current one, 0 for the others.");
    for (ProjectionStatus::State state :
         {ProjectionStatus::State::Starting, ProjectionStatus::State::Running,
          ProjectionStatus::State::Paused, ProjectionStatus::State::Rebuilding,
          ProjectionStatus::State::Failed, ProjectionStatus::State::Stopped}) {
        out.sample("orderdesk_projection_state",
                   "state=\"" + ApiJson::projectionStateKey(state).toLatin1() + '"',
                   state == p.state ? "1" : "0");
    }

    out.family("orderdesk_http_responses_total", "counter",
               "HTTP responses the API sent since the start, by status code.");
    for (auto it = snapshot.responses.cbegin(); it != snapshot.responses.cend(); ++it)
        out.sample("orderdesk_http_responses_total", "code=\"" + QByteArray::number(it.key()) + '"',
                   QByteArray::number(it.value()));
    out.family("orderdesk_http_requests_in_flight", "gauge",
               "Requests taken and not yet answered (this one included).");
    out.sample("orderdesk_http_requests_in_flight", {},
               QByteArray::number(snapshot.requestsInFlight));
    return out.text();
}

} // namespace OrderDesk
