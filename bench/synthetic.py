"""Synthetic knowledge bases of any size, for scaling measurements.

``make_corpus(folder, count, languages)`` writes ``count`` articles in each
of ``languages`` (English and French unless told; also any other of the nine
the Adobe Commerce knowledge base is published in, :data:`NINE`):
areas of 10 sections of 40 articles (like the real knowledge base's
troubleshooting/<topic>/ folders), a third of them QPT patch articles naming
real patch ids of the bundled metadata, with the EXL syntax, headings,
tables, code and links between articles of the real knowledge base.

Sentences are drawn from a small vocabulary common to every article; each
section also has two words of its own (:func:`topic`), so that a search for
a narrow subject matches the same forty articles at any corpus size, as in a
real knowledge base that grows by adding subjects.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from pathlib import Path

from kbsite.qpt.metadata import bundled_directory, load_metadata

PER_SECTION = 40
SECTIONS_PER_AREA = 10


@dataclass(frozen=True)
class Language:
    words: tuple[str, ...]
    patch_headings: tuple[str, ...]
    headings: tuple[str, ...]
    separator: str = ": "  # after a patch id in a title
    space: str = " "  # between words
    stop: str = "."
    article: str = "Article"
    syllables: tuple[str, ...] = ("ka", "ri", "mo", "ve", "lu", "sen", "dor", "pa", "ti", "gal", "no", "bru")
    topic: str = "About {topic}."


LANGUAGES = {
    "en": Language(
        tuple("cache index order invoice product catalog customer cart checkout payment shipping tax price "
              "module cron queue search indexer patch release store admin configuration".split()),
        ("Affected products and versions", "Issue", "Apply the patch", "Related reading"),
        ("Description", "Cause", "Solution", "Related reading")),
    "fr": Language(
        tuple("cache index commande facture produit catalogue client panier paiement livraison taxe prix "
              "module tâche file recherche indexeur correctif version boutique administration configuration".split()),
        ("Produits et versions concernés", "Problème", "Appliquer le correctif", "Lecture connexe"),
        ("Description", "Cause", "Solution", "Lecture connexe"), separator=" : ", topic="À propos de {topic}."),
    "de": Language(
        tuple("Cache Index Bestellung Rechnung Produkt Katalog Kunde Warenkorb Kasse Zahlung Versand Steuer Preis "
              "Modul Cronjob Warteschlange Suche Indexer Patch Version Shop Verwaltung Konfiguration".split()),
        ("Betroffene Produkte und Versionen", "Problem", "Patch anwenden", "Verwandtes Lesen"),
        ("Beschreibung", "Ursache", "Lösung", "Verwandtes Lesen"), article="Artikel", topic="Über {topic}."),
    "ja": Language(
        tuple("キャッシュ インデックス 注文 請求書 製品 カタログ 顧客 カート チェックアウト 支払い 配送 税金 価格 "
              "モジュール クーロン キュー 検索 インデクサー パッチ リリース ストア 管理 設定".split()),
        ("影響を受ける製品とバージョン", "問題", "パッチの適用", "関連資料"),
        ("説明", "原因", "解決策", "関連資料"), separator="：", space="", stop="。", article="記事",
        syllables=("カ", "リ", "モ", "ベ", "ル", "セン", "ド", "パ", "チ", "ガル", "ノ", "ブル"), topic="{topic}について。"),
    "es": Language(
        tuple("caché índice pedido factura producto catálogo cliente carrito pago envío impuesto precio "
              "módulo tarea cola búsqueda indexador parche versión tienda administración configuración".split()),
        ("Productos y versiones afectados", "Problema", "Aplicar el parche", "Lectura relacionada"),
        ("Descripción", "Causa", "Solución", "Lectura relacionada"), article="Artículo", topic="Sobre {topic}."),
    "it": Language(
        tuple("cache indice ordine fattura prodotto catalogo cliente carrello pagamento spedizione imposta prezzo "
              "modulo attività coda ricerca indicizzatore patch versione negozio amministrazione configurazione".split()),
        ("Prodotti e versioni interessati", "Problema", "Applica la patch", "Letture correlate"),
        ("Descrizione", "Causa", "Soluzione", "Letture correlate"), article="Articolo", topic="Su {topic}."),
    "ko": Language(
        tuple("캐시 인덱스 주문 송장 제품 카탈로그 고객 장바구니 결제 배송 세금 가격 "
              "모듈 크론 대기열 검색 인덱서 패치 릴리스 스토어 관리 구성".split()),
        ("영향을 받는 제품 및 버전", "문제", "패치 적용", "관련 읽기"),
        ("설명", "원인", "해결 방법", "관련 읽기"), article="문서",
        syllables=("카", "리", "모", "베", "루", "센", "도", "파", "치", "갈", "노", "브"), topic="{topic}에 대해."),
    "pt-BR": Language(
        tuple("cache índice pedido fatura produto catálogo cliente carrinho pagamento envio imposto preço "
              "módulo tarefa fila pesquisa indexador patch versão loja administração configuração".split()),
        ("Produtos e versões afetados", "Problema", "Aplicar o patch", "Leitura relacionada"),
        ("Descrição", "Causa", "Solução", "Leitura relacionada"), article="Artigo", topic="Sobre {topic}."),
    "zh-Hans": Language(
        tuple("缓存 索引 订单 发票 产品 目录 客户 购物车 付款 配送 税费 价格 "
              "模块 计划任务 队列 搜索 索引器 修补程序 版本 商店 管理 配置".split()),
        ("受影响的产品和版本", "问题", "应用修补程序", "相关阅读"),
        ("描述", "原因", "解决方案", "相关阅读"), separator="：", space="", stop="。", article="文章",
        syllables=("卡", "里", "莫", "贝", "鲁", "森", "多", "帕", "奇", "加", "诺", "布"), topic="关于{topic}。"),
}
NINE = ("en", "de", "es", "fr", "it", "ja", "ko", "pt-BR", "zh-Hans")  # the Adobe Commerce knowledge base's


def make_corpus(folder: Path, count: int, languages: tuple[str, ...] = ("en", "fr"), seed: int = 1) -> None:
    rng = random.Random(seed)
    others = random.Random(seed + 1)  # for languages past en and fr: theirs stay as they always were
    patches = sorted(load_metadata(bundled_directory(), "qpt").patches.values(), key=lambda p: p.id)
    for number in range(count):
        section_number = number // PER_SECTION
        section = f"area-{section_number // SECTIONS_PER_AREA:03d}/section-{section_number:04d}"
        slug = f"article-{number:05d}"
        patch = patch_of(number, patches)
        exl_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        target = rng.randrange(count)
        target_section = target // PER_SECTION
        neighbour = (f"../../area-{target_section // SECTIONS_PER_AREA:03d}/section-{target_section:04d}/"
                     f"article-{target:05d}.md")
        for lang in languages:
            path = folder / section / f"{slug}.{lang}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            draw = rng if lang in ("en", "fr") else others
            path.write_text(_article(draw, lang, number, patch, exl_id, neighbour), "utf-8")


def patch_of(number: int, patches: list):
    """The patch that article ``number`` is about (a third of the articles), else None."""
    return patches[number % len(patches)] if number % 3 == 0 else None


def topic(section_number: int, lang: str) -> str:
    """The two words only the articles of section ``section_number`` use."""
    language = LANGUAGES[lang]
    syllables = language.syllables
    words = []
    for part in (section_number, section_number * 7 + 3):
        word = "".join(syllables[(part // len(syllables) ** place) % len(syllables)] for place in range(4))
        words.append(word)
    return language.space.join(words) if language.space else "・".join(words)


def _sentence(rng: random.Random, language: Language) -> str:
    words = language.space.join(rng.choice(language.words) for _ in range(rng.randint(8, 20)))
    return words.capitalize() + language.stop


def _article(rng, lang, number, patch, exl_id, neighbour) -> str:
    language = LANGUAGES[lang]
    if patch:
        title = f"{patch.id}{language.separator}{_sentence(rng, language)[:60].rstrip(language.stop)}"
        headings = language.patch_headings
    else:
        title = f"{language.article} {number}: {_sentence(rng, language)[:50].rstrip(language.stop)}"
        headings = language.headings
    front = [f"title: '{title}'", f"description: {_sentence(rng, language)}", f"exl-id: {exl_id}",
             "feature: Cache, Orders", "role: Admin"]
    if lang != "en":
        front += ["workflow-type: tm+mt", "source-wordcount: 300", "ht-degree: 0%"]
    # The topic in the article's first paragraph: alone, its sentence would be the same on the forty
    # articles of the section, which search leaves out as boilerplate below 2,000 articles per language.
    body = [f"# {title}", "", _sentence(rng, language) + " " + _sentence(rng, language) + " "
            + language.topic.format(topic=topic(number // PER_SECTION, lang))]
    for index, heading in enumerate(headings):
        body += ["", f"## {heading}", ""]
        body += [_sentence(rng, language) for _ in range(rng.randint(2, 5))]
        if index == 0:
            body += ["", ">[!NOTE]", ">", f">{_sentence(rng, language)} [!DNL Quality Patches Tool]."]
        if index == 1:
            body += ["", "```bash", "bin/magento cache:clean", "```", "", "| A | B |", "| --- | --- |", "| 1 | 2 |"]
        if index == 3:
            body += ["", f"* [{_sentence(rng, language)[:30]}]({neighbour})"]
    return "---\n" + "\n".join(front) + "\n---\n\n" + "\n".join(body) + "\n"
