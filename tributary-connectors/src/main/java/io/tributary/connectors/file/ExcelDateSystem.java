package io.tributary.connectors.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Which calendar a workbook's date serials count in: the 1900 date system (Windows Excel's, day 1
 * is 1900-01-01) or the 1904 one (older Mac Excel's, day 0 is 1904-01-01), as the
 * {@code date1904} attribute of {@code <workbookPr>} in the workbook part says.
 *
 * <p>Read here rather than taken from fastexcel-reader, which parses the attribute with
 * {@code Boolean.parseBoolean}: the attribute is an XML Schema boolean, and Mac Excel writes it
 * {@code "1"}, which that reads as false, putting every date 4 years and 1 day early.
 */
final class ExcelDateSystem {
    private static final String CONTENT_TYPES = "[Content_Types].xml";
    private static final String DEFAULT_WORKBOOK = "xl/workbook.xml";

    private ExcelDateSystem() {}

    /** True when the workbook counts dates from 1904; an IOException names what is wrong with the file. */
    static boolean is1904(Path xlsx) throws IOException {
        try (ZipFile zip = new ZipFile(xlsx.toFile())) {
            ZipEntry workbook = zip.getEntry(workbookPart(zip));
            if (workbook == null) {
                throw new IOException("it has no workbook part");
            }
            try (InputStream in = zip.getInputStream(workbook)) {
                XMLStreamReader xml = reader(in);
                try {
                    while (xml.hasNext()) {
                        if (xml.next() == XMLStreamConstants.START_ELEMENT) {
                            switch (xml.getLocalName()) {
                                case "workbookPr" -> {
                                    return xmlBoolean(xml.getAttributeValue(null, "date1904"));
                                }
                                // <workbookPr> comes before them, so it is absent: the default, the 1900 system.
                                case "bookViews", "sheets" -> {
                                    return false;
                                }
                                default -> { }
                            }
                        }
                    }
                    return false;
                } finally {
                    xml.close();
                }
            } catch (XMLStreamException e) {
                throw new IOException("its workbook part is not well-formed XML: " + e.getMessage(), e);
            }
        }
    }

    /** The workbook part's name, from the package's content types, as fastexcel-reader finds it. */
    private static String workbookPart(ZipFile zip) throws IOException {
        ZipEntry types = zip.getEntry(CONTENT_TYPES);
        if (types == null) {
            return DEFAULT_WORKBOOK;
        }
        try (InputStream in = zip.getInputStream(types)) {
            XMLStreamReader xml = reader(in);
            try {
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("Override")) {
                        String type = xml.getAttributeValue(null, "ContentType");
                        String name = xml.getAttributeValue(null, "PartName");
                        if (type != null && name != null && (type.endsWith(".sheet.main+xml") || type.endsWith(".sheet.macroEnabled.main+xml"))) {
                            return name.startsWith("/") ? name.substring(1) : name;
                        }
                    }
                }
                return DEFAULT_WORKBOOK;
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException(CONTENT_TYPES + " is not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** An XML Schema boolean: true, false, 1 or 0, with white space around it; absent is false (the default). */
    static boolean xmlBoolean(String value) throws IOException {
        if (value == null) {
            return false;
        }
        return switch (value.strip()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IOException("its workbook part says date1904=\"" + value + "\", which is not true, false, 1 or 0");
        };
    }

    private static XMLStreamReader reader(InputStream in) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // A workbook is untrusted input: no DTDs, no external entities.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory.createXMLStreamReader(in);
    }
}
