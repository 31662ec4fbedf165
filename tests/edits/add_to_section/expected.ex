defmodule Shop.Blog.Post do
  use Ash.Resource,
    otp_app: :shop,
    domain: Shop.Blog,
    data_layer: AshPostgres.DataLayer

  postgres do
    table "posts"
    repo Shop.Repo
  end

  actions do
    defaults [:read, :destroy, create: :*, update: :*]

    update :publish do
      change set_attribute(:published, true)
    end
  end

  policies do
    policy action_type(:read) do
      authorize_if always()
    end

    policy action_type(:create) do
      authorize_if actor_present()
    end
  end

  attributes do
    uuid_primary_key :id

    attribute :title, :string do
      allow_nil? false
      public? true
    end

    attribute :body, :string, public?: true
    attribute :published, :boolean, default: false, allow_nil?: false

    timestamps()
  end

  relationships do
    belongs_to :author, Shop.Accounts.User
    has_many :comments, Shop.Blog.Comment
  end

  calculations do
    calculate :excerpt, :string, expr(body)
  end

  identities do
    identity :unique_title, [:title]
    identity :unique_body, [:body]
  end
end
