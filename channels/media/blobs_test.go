package media_test

import (
	"testing"

	"github.com/parley-inbox/parley/channels/media"
	"github.com/parley-inbox/parley/channels/media/blobtest"
)

func TestLocalBlobs(t *testing.T) {
	blobtest.Run(t, func(t *testing.T, limits media.Limits) media.Store {
		s, err := media.NewBlobs(t.TempDir(), limits)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestS3Blobs runs the contract against an in-process S3-compatible server
// (see blobtest.S3: a real S3 cannot run here).
func TestS3Blobs(t *testing.T) {
	srv, _ := blobtest.S3(t, "parley-media")
	blobtest.Run(t, func(t *testing.T, limits media.Limits) media.Store {
		s, err := media.NewS3Blobs(media.S3Config{Endpoint: srv.URL, Bucket: "parley-media", Prefix: "media/" + t.Name() + "/",
			AccessKey: "key", SecretKey: "secret", PathStyle: true}, limits)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestS3ConfigValidation(t *testing.T) {
	env := map[string]string{"PARLEY_CHANNELS_MEDIA_S3_ENDPOINT": "ftp://x", "AWS_ACCESS_KEY_ID": "k"}
	cfg, ok := media.S3ConfigFromEnv(func(k string) string { return env[k] })
	if !ok {
		t.Fatal("an endpoint is set")
	}
	if _, err := media.NewS3Blobs(cfg, media.Limits{}); err == nil {
		t.Fatal("a bad endpoint, no bucket and no secret key were accepted")
	}
	if _, ok := media.S3ConfigFromEnv(func(string) string { return "" }); ok {
		t.Fatal("no endpoint means no S3")
	}
}
