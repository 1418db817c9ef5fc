package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config locates the bucket of an S3Blobs.
type S3Config struct {
	// Endpoint is the service's base URL: https://s3.eu-west-1.amazonaws.com,
	// https://<account>.r2.cloudflarestorage.com, http://minio:9000.
	Endpoint  string
	Bucket    string
	Region    string // default us-east-1
	Prefix    string // optional key prefix, e.g. "media/"
	AccessKey string
	SecretKey string
	// PathStyle addresses the bucket in the path (MinIO and most
	// S3-compatible servers) rather than as a subdomain.
	PathStyle bool
}

// S3ConfigFromEnv reads PARLEY_CHANNELS_MEDIA_S3_ENDPOINT, _BUCKET, _REGION,
// _PREFIX and _PATH_STYLE ("true"), and the keys from
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. ok is false when no endpoint
// is set (the local directory is used then).
func S3ConfigFromEnv(getenv func(string) string) (cfg S3Config, ok bool) {
	cfg = S3Config{
		Endpoint: getenv("PARLEY_CHANNELS_MEDIA_S3_ENDPOINT"), Bucket: getenv("PARLEY_CHANNELS_MEDIA_S3_BUCKET"),
		Region: getenv("PARLEY_CHANNELS_MEDIA_S3_REGION"), Prefix: getenv("PARLEY_CHANNELS_MEDIA_S3_PREFIX"),
		PathStyle: getenv("PARLEY_CHANNELS_MEDIA_S3_PATH_STYLE") == "true",
		AccessKey: getenv("AWS_ACCESS_KEY_ID"), SecretKey: getenv("AWS_SECRET_ACCESS_KEY"),
	}
	return cfg, cfg.Endpoint != ""
}

func (c *S3Config) setDefaults() {
	if c.Region == "" {
		c.Region = "us-east-1"
	}
}

// Validate reports every missing or malformed setting.
func (c S3Config) Validate() error {
	var errs []error
	if u, err := url.Parse(c.Endpoint); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		errs = append(errs, errors.New("media: the S3 endpoint must be an http(s) URL"))
	}
	if c.Bucket == "" {
		errs = append(errs, errors.New("media: the S3 bucket is required"))
	}
	if c.AccessKey == "" || c.SecretKey == "" {
		errs = append(errs, errors.New("media: the S3 access key and secret key are required"))
	}
	return errors.Join(errs...)
}

// S3Blobs is the blob store in an S3-compatible bucket: the object key is
// Prefix + the content hash, its Content-Type the blob's MIME type.
type S3Blobs struct {
	client *minio.Client
	cfg    S3Config
	limits Limits
}

// NewS3Blobs returns a store over an existing bucket.
func NewS3Blobs(cfg S3Config, limits Limits) (*S3Blobs, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	u, _ := url.Parse(cfg.Endpoint) // checked by Validate
	lookup := minio.BucketLookupAuto
	if cfg.PathStyle {
		lookup = minio.BucketLookupPath
	}
	client, err := minio.New(u.Host, &minio.Options{
		Creds: credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""), Secure: u.Scheme == "https",
		Region: cfg.Region, BucketLookup: lookup,
	})
	if err != nil {
		return nil, fmt.Errorf("media: s3 client: %w", err)
	}
	return &S3Blobs{client: client, cfg: cfg, limits: limits.withDefaults()}, nil
}

// Put implements Store. The upload is spooled to a temporary file first:
// the key is the hash of the bytes, known only at their end.
func (b *S3Blobs) Put(ctx context.Context, r io.Reader, mime string) (string, error) {
	s, err := spool("", r, mime, b.limits)
	if err != nil {
		return "", err
	}
	defer s.remove()
	if _, err := b.client.StatObject(ctx, b.cfg.Bucket, b.cfg.Prefix+s.key, minio.StatObjectOptions{}); err == nil {
		return s.key, nil // content-addressed: already there
	} else if !notFound(err) {
		return "", fmt.Errorf("media: s3 stat: %w", err)
	}
	_, err = b.client.PutObject(ctx, b.cfg.Bucket, b.cfg.Prefix+s.key, s.File, s.size, minio.PutObjectOptions{ContentType: mime})
	if err != nil {
		return "", fmt.Errorf("media: s3 put: %w", err)
	}
	return s.key, nil
}

// Open implements Store; the object is streamed (and seekable, for range
// requests) from the bucket.
func (b *S3Blobs) Open(ctx context.Context, key string) (io.ReadSeekCloser, string, error) {
	if !keyPattern.MatchString(key) {
		return nil, "", ErrNotFound
	}
	info, err := b.client.StatObject(ctx, b.cfg.Bucket, b.cfg.Prefix+key, minio.StatObjectOptions{})
	if notFound(err) {
		return nil, "", ErrNotFound
	}
	if err != nil {
		return nil, "", fmt.Errorf("media: s3 stat: %w", err)
	}
	obj, err := b.client.GetObject(ctx, b.cfg.Bucket, b.cfg.Prefix+key, minio.GetObjectOptions{})
	if err != nil {
		return nil, "", fmt.Errorf("media: s3 get: %w", err)
	}
	mime := info.ContentType
	if mime == "" || strings.HasPrefix(mime, "binary/") {
		mime = "application/octet-stream"
	}
	return obj, mime, nil
}

func notFound(err error) bool {
	if err == nil {
		return false
	}
	resp := minio.ToErrorResponse(err)
	return resp.StatusCode == http.StatusNotFound || resp.Code == "NoSuchKey"
}
