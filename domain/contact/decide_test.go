package contact

import (
	"fmt"
	"strings"
	"testing"

	"github.com/parley-inbox/parley/domain"
)

func TestDecideCreate(t *testing.T) {
	many := map[string]string{}
	for i := range MaxCustomFields + 1 {
		many[fmt.Sprintf("f%d", i)] = "x"
	}
	runDecide(t, []decideCase{
		{Name: "create", When: CreateContact{DisplayName: "Ana", AvatarURL: "https://cdn.example/a.png", CustomFields: map[string]string{"plan": "gold"}},
			Then: ev(Created{DisplayName: "Ana", AvatarURL: "https://cdn.example/a.png", CustomFields: map[string]string{"plan": "gold"}})},
		{Name: "create an existing contact", Given: ev(created()), When: CreateContact{}, Kind: domain.KindConflict, Code: CodeAlreadyExists},
		{Name: "too many custom fields", When: CreateContact{CustomFields: many}, Kind: domain.KindInvalid, Code: domain.CodeTooMany, Field: "custom_fields"},
		{Name: "bad custom field key", When: CreateContact{CustomFields: map[string]string{"a b": "x"}}, Kind: domain.KindInvalid, Code: domain.CodeBadID, Field: "custom_fields"},
		{Name: "custom field value too long", When: CreateContact{CustomFields: map[string]string{"a": strings.Repeat("x", MaxCustomFieldValue+1)}},
			Kind: domain.KindInvalid, Code: domain.CodeTooLong, Field: "custom_fields.a"},
		{Name: "bad avatar url", When: CreateContact{AvatarURL: "ftp://x"}, Kind: domain.KindInvalid, Code: domain.CodeBadURL, Field: "avatar_url"},
	})
}

func TestDecideUpdateProfile(t *testing.T) {
	fields := map[string]string{}
	for i := range MaxCustomFields {
		fields[fmt.Sprintf("f%d", i)] = "x"
	}
	full := ev(Created{CustomFields: fields})
	runDecide(t, []decideCase{
		{Name: "change name, set and remove fields", Given: ev(created()),
			When: UpdateProfile{DisplayName: ptr("Ana R."), CustomFields: map[string]*string{"plan": nil, "city": ptr("Rosario"), "zz": nil}},
			Then: ev(ProfileUpdated{DisplayName: ptr("Ana R."), CustomFieldsSet: map[string]string{"city": "Rosario"}, CustomFieldsRemoved: []string{"plan"}})},
		{Name: "nothing changes", Given: ev(created()), When: UpdateProfile{DisplayName: ptr("Ana Ruiz"), CustomFields: map[string]*string{"plan": ptr("gold")}}},
		{Name: "clear the avatar", Given: ev(Created{AvatarURL: "https://x/a.png"}), When: UpdateProfile{AvatarURL: ptr("")},
			Then: ev(ProfileUpdated{AvatarURL: ptr("")})},
		{Name: "one field too many", Given: full, When: UpdateProfile{CustomFields: map[string]*string{"new": ptr("x")}},
			Kind: domain.KindConflict, Code: CodeTooManyCustomFields},
		{Name: "replace a field when full", Given: full, When: UpdateProfile{CustomFields: map[string]*string{"new": ptr("x"), "f0": nil}},
			Then: ev(ProfileUpdated{CustomFieldsSet: map[string]string{"new": "x"}, CustomFieldsRemoved: []string{"f0"}})},
		{Name: "name too long", Given: ev(created()), When: UpdateProfile{DisplayName: ptr(strings.Repeat("a", domain.MaxNameLen+1))},
			Kind: domain.KindInvalid, Code: domain.CodeTooLong, Field: "display_name"},
		{Name: "not found", When: UpdateProfile{DisplayName: ptr("x")}, Kind: domain.KindNotFound, Code: CodeNotFound},
	})
	s := fold(created(), ProfileUpdated{DisplayName: ptr("B"), CustomFieldsSet: map[string]string{"city": "Rosario"}, CustomFieldsRemoved: []string{"plan"}})
	if s.DisplayName != "B" || len(s.CustomFields) != 1 || s.CustomFields["city"] != "Rosario" {
		t.Fatalf("after update: %+v", s)
	}
}

func TestDecideIdentities(t *testing.T) {
	phone := ev(created(), IdentityAdded{Kind: KindPhone, Value: "+5491155550000"})
	var full []domain.Event
	full = append(full, created())
	for i := range MaxIdentities {
		full = append(full, IdentityAdded{Kind: KindTelegramID, Value: fmt.Sprint(1000 + i)})
	}
	runDecide(t, []decideCase{
		{Name: "add a phone, normalized", Given: ev(created()), When: AddIdentity{Kind: KindPhone, Value: "+54 9 11 5555-0000"},
			Then: ev(IdentityAdded{Kind: KindPhone, Value: "+5491155550000"})},
		{Name: "add an email, lower-cased", Given: ev(created()), When: AddIdentity{Kind: KindEmail, Value: "Ana.Ruiz@Example.COM"},
			Then: ev(IdentityAdded{Kind: KindEmail, Value: "ana.ruiz@example.com"})},
		{Name: "add a page-scoped id", Given: ev(created()), When: AddIdentity{Kind: KindPageScopedID, Value: "2718281828459045"},
			Then: ev(IdentityAdded{Kind: KindPageScopedID, Value: "2718281828459045"})},
		{Name: "add an existing identity is a no-op", Given: phone, When: AddIdentity{Kind: KindPhone, Value: "+5491155550000"}},
		{Name: "phone without +", Given: ev(created()), When: AddIdentity{Kind: KindPhone, Value: "5491155550000"},
			Kind: domain.KindInvalid, Code: CodeBadPhone, Field: "value"},
		{Name: "phone too long", Given: ev(created()), When: AddIdentity{Kind: KindPhone, Value: "+1234567890123456"},
			Kind: domain.KindInvalid, Code: CodeBadPhone, Field: "value"},
		{Name: "phone with letters", Given: ev(created()), When: AddIdentity{Kind: KindPhone, Value: "+1415CALLNOW"},
			Kind: domain.KindInvalid, Code: CodeBadPhone, Field: "value"},
		{Name: "email with a display name", Given: ev(created()), When: AddIdentity{Kind: KindEmail, Value: "Ana <ana@example.com>"},
			Kind: domain.KindInvalid, Code: CodeBadEmail, Field: "value"},
		{Name: "email without a domain", Given: ev(created()), When: AddIdentity{Kind: KindEmail, Value: "ana@"},
			Kind: domain.KindInvalid, Code: CodeBadEmail, Field: "value"},
		{Name: "instagram id with letters", Given: ev(created()), When: AddIdentity{Kind: KindInstagramID, Value: "ana_ruiz"},
			Kind: domain.KindInvalid, Code: CodeBadID, Field: "value"},
		{Name: "unknown kind", Given: ev(created()), When: AddIdentity{Kind: "fax", Value: "1"}, Kind: domain.KindInvalid, Code: CodeBadEnum, Field: "kind"},
		{Name: "empty value", Given: ev(created()), When: AddIdentity{Kind: KindEmail}, Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "value"},
		{Name: "too many identities", Given: full, When: AddIdentity{Kind: KindEmail, Value: "a@b.co"}, Kind: domain.KindConflict, Code: CodeTooManyIdentities},
		{Name: "remove, matched after normalizing", Given: phone, When: RemoveIdentity{Kind: KindPhone, Value: "+54 9 11 5555 0000"},
			Then: ev(IdentityRemoved{Kind: KindPhone, Value: "+5491155550000"})},
		{Name: "remove an absent identity", Given: phone, When: RemoveIdentity{Kind: KindEmail, Value: "a@b.co"},
			Kind: domain.KindNotFound, Code: CodeIdentityNotFound},
	})
	if s := fold(append(phone, IdentityRemoved{Kind: KindPhone, Value: "+5491155550000"})...); len(s.Identities) != 0 {
		t.Fatalf("identities = %v", s.Identities)
	}
}

func TestDecideTagsAndPrivacy(t *testing.T) {
	vip := ev(created(), TagApplied{Tag: "vip"})
	runDecide(t, []decideCase{
		{Name: "apply", Given: ev(created()), When: ApplyTag{Tag: "Wholesale"}, Then: ev(TagApplied{Tag: "Wholesale"})},
		{Name: "apply VIP when vip is present is a no-op", Given: vip, When: ApplyTag{Tag: "VIP"}},
		{Name: "remove in another case", Given: vip, When: RemoveTag{Tag: "ViP"}, Then: ev(TagRemoved{Tag: "vip"})},
		{Name: "remove an absent tag is a no-op", Given: vip, When: RemoveTag{Tag: "x"}},
		{Name: "tag too long", Given: vip, When: ApplyTag{Tag: strings.Repeat("t", domain.MaxTagLen+1)}, Kind: domain.KindInvalid, Code: domain.CodeTooLong, Field: "tag"},
		{Name: "mark private", Given: ev(created()), When: MarkPrivate{}, Then: ev(MarkedPrivate{})},
		{Name: "mark private twice is a no-op", Given: ev(created(), MarkedPrivate{}), When: MarkPrivate{}},
		{Name: "unmark private", Given: ev(created(), MarkedPrivate{}), When: UnmarkPrivate{}, Then: ev(UnmarkedPrivate{})},
		{Name: "unmark a public contact is a no-op", Given: ev(created()), When: UnmarkPrivate{}},
	})
	var full []domain.Event
	full = append(full, created())
	for i := range domain.MaxTags {
		full = append(full, TagApplied{Tag: fmt.Sprint("t", i)})
	}
	runDecide(t, []decideCase{{Name: "the 51st tag", Given: full, When: ApplyTag{Tag: "x"}, Kind: domain.KindConflict, Code: CodeTooManyTags}})
	if s := fold(created(), MarkedPrivate{}, TagApplied{Tag: "A"}); !s.Private || len(s.Tags) != 1 {
		t.Fatalf("state = %+v", s)
	}
}
