package channels

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the channel instruments, labelled by inbox and channel. A nil
// *Metrics records nothing.
type Metrics struct {
	inbound    *prometheus.CounterVec
	duplicates *prometheus.CounterVec
	signatures *prometheus.CounterVec
	sends      *prometheus.CounterVec
	quality    *prometheus.GaugeVec
	lastOK     *prometheus.GaugeVec
}

// NewMetrics registers the instruments with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	labels := []string{"inbox", "channel"}
	m := &Metrics{
		inbound:    prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parley_channel_inbound_messages_total", Help: "Inbound messages taken in."}, labels),
		duplicates: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parley_channel_inbound_duplicates_total", Help: "Inbound provider messages dropped as duplicates."}, labels),
		signatures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parley_channel_webhook_signature_failures_total", Help: "Webhooks rejected for their signature."}, labels),
		sends:      prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parley_channel_sends_total", Help: "Outbound send attempts by result (ok, retry, failed)."}, append(labels, "result")),
		quality:    prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "parley_channel_quality_rating", Help: "Provider quality rating: 2 green, 1 yellow, 0 red or flagged."}, labels),
		lastOK:     prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "parley_channel_last_success_timestamp_seconds", Help: "Last successful inbound or outbound traffic."}, append(labels, "direction")),
	}
	for _, c := range []prometheus.Collector{m.inbound, m.duplicates, m.signatures, m.sends, m.quality, m.lastOK} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("channels: metrics: %w", err)
		}
	}
	return m, nil
}

// Inbound counts a message taken in.
func (m *Metrics) Inbound(in Inbox) {
	if m != nil {
		m.inbound.WithLabelValues(in.ID, string(in.Channel)).Inc()
		m.lastOK.WithLabelValues(in.ID, string(in.Channel), "inbound").SetToCurrentTime()
	}
}

// Duplicate counts a dropped duplicate.
func (m *Metrics) Duplicate(in Inbox) {
	if m != nil {
		m.duplicates.WithLabelValues(in.ID, string(in.Channel)).Inc()
	}
}

// SignatureFailure counts a rejected webhook.
func (m *Metrics) SignatureFailure(in Inbox) {
	if m != nil {
		m.signatures.WithLabelValues(in.ID, string(in.Channel)).Inc()
	}
}

// Send counts a send attempt; result is ok, retry or failed.
func (m *Metrics) Send(in Inbox, result string) {
	if m != nil {
		m.sends.WithLabelValues(in.ID, string(in.Channel), result).Inc()
		if result == "ok" {
			m.lastOK.WithLabelValues(in.ID, string(in.Channel), "outbound").SetToCurrentTime()
		}
	}
}

// Quality sets the provider's rating.
func (m *Metrics) Quality(in Inbox, rating string) {
	if m == nil {
		return
	}
	v := 0.0
	switch rating {
	case "GREEN":
		v = 2
	case "YELLOW":
		v = 1
	}
	m.quality.WithLabelValues(in.ID, string(in.Channel)).Set(v)
}
