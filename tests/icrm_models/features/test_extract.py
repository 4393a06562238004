from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from icrm_models.db.schema import BehaviourEvent, Order, SyntheticTruth
from icrm_models.features.definitions import CATEGORY_PREFIX, base_feature_names
from icrm_models.features.extract import extract_features
from icrm_models.importers.online_retail import import_online_retail
from icrm_models.seed.config import SeedConfig
from icrm_models.seed.run import seed
from tests.helpers.shop import AS_OF

CUT = AS_OF - timedelta(days=60)
SAMPLE = Path(__file__).parents[2] / "data" / "online_retail_sample.csv"


@pytest.fixture
def shop(engine: Engine) -> Engine:
    seed(engine, SeedConfig(customers=150, as_of=AS_OF))
    return engine


def test_features_are_complete_and_plausible(shop: Engine) -> None:
    features = extract_features(shop, CUT)
    frame = features.frame
    assert list(frame.columns[: len(base_feature_names())]) == base_feature_names()
    assert not frame.isna().any().any()
    assert (frame["recency_days"] >= 0).all() and (frame["frequency"] >= 1).all()
    assert (frame["tenure_days"] >= frame["recency_days"]).all()
    shares = frame[[c for c in frame.columns if c.startswith(CATEGORY_PREFIX)]]
    assert shares.sum(axis=1).round(6).eq(1).all()
    report = features.report
    assert report.lines_read == report.lines_kept + sum(report.set_aside.values())


def test_nothing_after_the_cut_is_seen(shop: Engine) -> None:
    before = extract_features(shop, CUT).frame
    with Session(shop) as session:  # remove the future, extract again: same features
        late = select(Order.id).where(Order.placed_at >= CUT)
        from icrm_models.db.schema import (
            Invoice,
            OrderItem,
            Payment,
            Refund,
            Return,
            Shipment,
            SupportTicket,
            TrackingEvent,
        )

        shipments = select(Shipment.id).where(Shipment.order_id.in_(late))
        session.execute(delete(TrackingEvent).where(TrackingEvent.shipment_id.in_(shipments)))
        for table in (Shipment, Refund):
            session.execute(delete(table).where(table.order_id.in_(late)))
        for table in (Return, OrderItem, Invoice, Payment, SupportTicket):
            session.execute(delete(table).where(table.order_id.in_(late)))
        session.execute(delete(Order).where(Order.id.in_(late)))
        session.execute(delete(BehaviourEvent).where(BehaviourEvent.occurred_at >= CUT))
        session.commit()
    after = extract_features(shop, CUT).frame
    assert before.equals(after)


def test_category_affinity_recovers_the_hidden_favourites(shop: Engine) -> None:
    frame = extract_features(shop, AS_OF).frame
    with Session(shop) as session:
        truth = {
            t.customer_id: {c for c, _ in t.favourite_categories}
            for t in session.scalars(select(SyntheticTruth))
        }
    shares = frame[[c for c in frame.columns if c.startswith(CATEGORY_PREFIX)]]
    top = shares.idxmax(axis=1).str.removeprefix(CATEGORY_PREFIX)
    regulars = frame.index[frame["frequency"] >= 3]
    hits = sum(top[c] in truth[c] for c in regulars)
    assert hits / len(regulars) > 0.8


def test_imported_data_is_cleaned_with_a_report(sqlite_engine: Engine) -> None:
    import_online_retail(sqlite_engine, SAMPLE)
    features = extract_features(sqlite_engine, datetime(2012, 1, 1, tzinfo=UTC))
    report = dict(features.report.rows())
    assert report["set aside: guest purchase (no customer)"] == 2
    assert report["set aside: cancelled order or credit note"] == 1
    assert report["set aside: exact duplicate line"] == 1
    assert report["kept as purchases"] == 6
    assert features.frame.loc[1, "return_rate"] > 0  # customer 17850 has a credit note


def test_an_empty_shop_is_a_clear_error(sqlite_engine: Engine) -> None:
    with pytest.raises(ValueError, match="no purchases before"):
        extract_features(sqlite_engine, AS_OF)


VISITS_CSV = """InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
900001,A1,MUG,4,2011-01-30 09:00:00,5.00,12345,United Kingdom
900002,A1,MUG,2,2011-02-27 10:00:00,5.00,12345,United Kingdom
900003,B2,JUG,1,2011-02-27 15:00:00,10.00,12345,United Kingdom
900004,A1,MUG,3,2011-03-01 00:00:00,5.00,12345,United Kingdom
900005,B2,JUG,7,2011-03-20 12:00:00,10.00,12345,United Kingdom
900006,A1,MUG,1,2011-02-20 12:00:00,5.00,67890,France
"""


def test_visits_and_decayed_activity_by_hand(engine: Engine, tmp_path: Path) -> None:
    """Two orders on one day are one visit; orders at or after the cut are never counted."""
    csv = tmp_path / "visits.csv"
    csv.write_text(VISITS_CSV)
    import_online_retail(engine, csv)
    cut = datetime(2011, 3, 1, tzinfo=UTC)
    row = extract_features(engine, cut).frame.loc[1]  # customer 12345
    assert row["frequency"] == 3 and row["visit_days"] == 2
    assert (row["visits_last_7d"], row["visits_last_14d"], row["visits_last_60d"]) == (1, 1, 2)
    # (money, age in days of its last order) of each visit
    visits = [(20.0, 1 + 9 / 24), (20.0, 29 + 15 / 24)]
    for half_life in (14, 30, 60, 120):
        weights = [(money, 0.5 ** (age / half_life)) for money, age in visits]
        assert row[f"decay_visits_{half_life}d"] == pytest.approx(sum(w for _, w in weights))
        assert row[f"decay_monetary_{half_life}d"] == pytest.approx(
            sum(money * w for money, w in weights)
        )
    single = extract_features(engine, cut).frame.loc[2]  # customer 67890: one visit 9 days ago
    assert single["visit_days"] == 1 and single["visits_last_7d"] == 0
    assert single["decay_visits_30d"] == pytest.approx(0.5 ** ((8 + 12 / 24) / 30))
