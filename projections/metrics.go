package projections

import (
	"errors"
	"fmt"

	wmetrics "github.com/ThreeDotsLabs/watermill/components/metrics"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the runtime's Prometheus instruments, all registered here,
// labelled by projector. Watermill's own router metrics (handler execution
// time, messages received) are registered next to them.
type metrics struct {
	applied    *prometheus.CounterVec
	skipped    *prometheus.CounterVec
	failures   *prometheus.CounterVec
	parked     *prometheus.CounterVec
	halted     *prometheus.GaugeVec
	position   *prometheus.GaugeVec
	lagEvents  *prometheus.GaugeVec
	lagSeconds *prometheus.GaugeVec
	router     wmetrics.PrometheusMetricsBuilder
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	const ns, sub = "parley", "projection"
	label := []string{"projector"}
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub, Name: name, Help: help}, labels)
	}
	gauge := func(name, help string) *prometheus.GaugeVec {
		return prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub, Name: name, Help: help}, label)
	}
	m := &metrics{
		applied:    counter("events_applied_total", "Events applied to the projector's views.", label...),
		skipped:    counter("events_skipped_total", "Events acked without applying: reason=unhandled (type not handled, still checkpointed) or duplicate (at or below the checkpoint).", "projector", "reason"),
		failures:   counter("apply_failures_total", "Failed attempts to apply an event (each retry counts).", label...),
		parked:     counter("events_parked_total", "Events parked after the retries; each halts its projector.", label...),
		halted:     gauge("halted", "1 while the projector is halted on a parked event."),
		position:   gauge("checkpoint_position", "Global position of the projector's committed checkpoint."),
		lagEvents:  gauge("lag_events", "Events in the log after the checkpoint (capped, see Status)."),
		lagSeconds: gauge("lag_seconds", "occurred_at of the log's head minus that of the checkpoint event."),
		router:     wmetrics.NewPrometheusMetricsBuilder(reg, ns, sub),
	}
	var errs []error
	for _, c := range []prometheus.Collector{m.applied, m.skipped, m.failures, m.parked, m.halted, m.position, m.lagEvents, m.lagSeconds} {
		if err := reg.Register(c); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("projections: register metrics: %w", err)
	}
	return m, nil
}

// instrument adds Watermill's router metrics to r.
func (m *metrics) instrument(r *message.Router) { m.router.AddPrometheusRouterMetrics(r) }

func (m *metrics) observe(name string, res applied) {
	m.applied.WithLabelValues(name).Add(float64(res.Handled))
	if res.Unhandled > 0 {
		m.skipped.WithLabelValues(name, "unhandled").Add(float64(res.Unhandled))
	}
	if res.Duplicate > 0 {
		m.skipped.WithLabelValues(name, "duplicate").Add(float64(res.Duplicate))
	}
	if res.Position > 0 {
		m.position.WithLabelValues(name).Set(float64(res.Position))
	}
}
