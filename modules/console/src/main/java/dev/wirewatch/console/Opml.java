package dev.wirewatch.console;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads the feeds of an OPML subscription list: every {@code outline} with an {@code xmlUrl}, at any depth.
 *
 * <p>DOCTYPE declarations are disallowed, so an OPML file cannot pull in external entities (XXE) or expand entities
 * without bound.
 */
final class Opml {

    /** One feed of the list; {@code category} is the title of the enclosing outline, if any. */
    record Outline(String url, String title, String language, String category) {
    }

    private Opml() {
    }

    /**
     * The feeds of an OPML document.
     *
     * @throws ApiError 400 when the document is not OPML
     */
    static List<Outline> parse(byte[] xml) {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // warnings do not stop reading
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            root = builder.parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw ApiError.badRequest("opml", "not a readable OPML document: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The XML parser cannot be configured safely", e);
        }
        if (!"opml".equals(root.getTagName().toLowerCase(Locale.ROOT))) {
            throw ApiError.badRequest("opml", "not an OPML document: the root element is <" + root.getTagName() + ">");
        }
        List<Outline> out = new ArrayList<>();
        NodeList outlines = root.getElementsByTagName("outline");
        for (int i = 0; i < outlines.getLength(); i++) {
            Element outline = (Element) outlines.item(i);
            String url = outline.getAttribute("xmlUrl").strip();
            if (url.isEmpty()) {
                continue;
            }
            String title = first(outline.getAttribute("title"), outline.getAttribute("text"));
            String category = null;
            if (outline.getParentNode() instanceof Element parent && "outline".equals(parent.getTagName())) {
                category = first(parent.getAttribute("title"), parent.getAttribute("text"));
            }
            String language = outline.getAttribute("language").strip();
            out.add(new Outline(url, title, language.isEmpty() ? null : language, category));
        }
        return out;
    }

    private static String first(String a, String b) {
        String value = !a.isBlank() ? a.strip() : b.strip();
        return value.isEmpty() ? null : value;
    }
}
