"""The GOV.UK Pay provider: the client's I/O and the mapping's meaning, put together; and
the same provider talking to the fake of GOV.UK Pay in this process (``InProcessFake``)."""

import json
import logging
from urllib.parse import quote

from integrations.pay import client, fake, mapping
from integrations.pay.providers import (
    CreatedPayment,
    PaymentUnavailable,
    ProviderRefund,
    ProviderState,
    RefundRefused,
)

log = logging.getLogger(__name__)


class GovukPay:
    name = "govuk"
    card_page_schemes = ("https://",)  # where its answers may send the resident to pay

    def __init__(self, *, api_key: str, base_url: str, timeout: float = client.DEFAULT_TIMEOUT):
        self.api_key = api_key
        self.base_url = base_url
        self.timeout = timeout

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        return client.call(
            method,
            path,
            base_url=self.base_url,
            api_key=self.api_key,
            body=body,
            timeout=self.timeout,
        )

    def create(
        self,
        *,
        amount_pence: int,
        reference: str,
        description: str,
        return_url: str,
        email: str = "",
        language: str = "en",
        moto: bool = False,
    ) -> CreatedPayment:
        body = mapping.create_request(
            amount_pence=amount_pence,
            reference=reference,
            description=description,
            return_url=return_url,
            email=email,
            language=language,
            moto=moto,
        )
        try:
            document = self._call("POST", "/v1/payments", body)
            return mapping.created_payment(document, schemes=self.card_page_schemes)
        except client.PayApiError as exc:
            if exc.status == 401:
                log.error("pay: GOV.UK Pay refused our API key (PAY_API_KEY)")
            raise PaymentUnavailable(str(exc)) from exc
        except mapping.BadResponse as exc:
            raise PaymentUnavailable(f"GOV.UK Pay: {exc}") from exc

    def get(self, provider_id: str) -> ProviderState:
        try:
            return mapping.payment_state(self._call("GET", _payment_path(provider_id)))
        except client.PayApiError as exc:
            raise PaymentUnavailable(str(exc)) from exc
        except mapping.BadResponse as exc:
            raise PaymentUnavailable(f"GOV.UK Pay: {exc}") from exc

    def refund(
        self, provider_id: str, *, amount_pence: int, available_pence: int
    ) -> ProviderRefund:
        body = mapping.refund_request(amount_pence=amount_pence, available_pence=available_pence)
        try:
            document = self._call("POST", _payment_path(provider_id) + "/refunds", body)
        except client.PayApiError as exc:
            if exc.temporary or exc.status == 401:
                raise PaymentUnavailable(str(exc)) from exc
            raise RefundRefused(mapping.refund_refusal(exc.code or f"HTTP {exc.status}")) from exc
        try:
            return mapping.refund_result(document)
        except mapping.BadResponse as exc:
            # It answered 2xx: the refund may well have been made. Say so; never retry blindly.
            raise PaymentUnavailable(f"GOV.UK Pay refund answer unreadable: {exc}") from exc

    def refund_get(self, provider_id: str, refund_id: str) -> ProviderRefund:
        path = f"{_payment_path(provider_id)}/refunds/{quote(refund_id, safe='')}"
        try:
            return mapping.refund_result(self._call("GET", path))
        except client.PayApiError as exc:
            raise PaymentUnavailable(str(exc)) from exc
        except mapping.BadResponse as exc:
            raise PaymentUnavailable(f"GOV.UK Pay: {exc}") from exc


class InProcessFake(GovukPay):
    """The fake of GOV.UK Pay (``fake.in_process()``), asked in this process instead of over
    the network: the "fake" provider, when there is no PAY_API_KEY. Only the transport
    differs: its answers, states and failures are read by the code above, as GOV.UK Pay's.
    Its card page is the portal's own, over http in development."""

    name = "fake"
    card_page_schemes = ("https://", "http://")

    def __init__(self, the_fake: fake.FakeGovukPay):
        super().__init__(api_key=the_fake.api_key, base_url="")
        self.fake = the_fake

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        encoded = json.dumps(body).encode() if body is not None else b""
        status, document = self.fake.handle(method, path, f"Bearer {self.api_key}", encoded)
        return client.answer_read(status, document)


def _payment_path(provider_id: str) -> str:
    return f"/v1/payments/{quote(provider_id, safe='')}"
