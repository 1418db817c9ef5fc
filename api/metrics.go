package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the HTTP instruments of Parley's API servers, registered on
// the process's registry; /metrics serves everything on that registry.
type Metrics struct {
	gatherer prometheus.Gatherer
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	commands *prometheus.CounterVec
}

// NewMetrics registers the HTTP instruments on reg.
func NewMetrics(reg *prometheus.Registry) (*Metrics, error) {
	m := &Metrics{
		gatherer: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "parley_http_requests_total",
			Help: "HTTP requests answered, by server, route, method and status.",
		}, []string{"server", "route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "parley_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by server, route and method.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"server", "route", "method"}),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "parley_commands_total",
			Help: "Commands received over HTTP, by operation and result (accepted, replayed, rejected, failed).",
		}, []string{"op", "result"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.commands} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("api: register metrics: %w", err)
		}
	}
	return m, nil
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.gatherer, promhttp.HandlerOpts{})
}

func (m *Metrics) middleware(server string) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched" // keeps label cardinality bounded
		}
		m.requests.WithLabelValues(server, route, c.Request.Method, strconv.Itoa(c.Writer.Status())).Inc()
		m.latency.WithLabelValues(server, route, c.Request.Method).Observe(time.Since(start).Seconds())
	}
}

// command counts one command's result; a nil *Metrics counts nothing.
func (m *Metrics) command(op, result string) {
	if m == nil {
		return
	}
	m.commands.WithLabelValues(op, result).Inc()
}
